namespace Itaku.Web.Infrastructure.Web;

/// <summary>Input that passed the shape checks but breaks a rule; keyed by the field (camelCase, as in the JSON).</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid: " + string.Join(", ", errors.Keys))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
