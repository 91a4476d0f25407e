using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Notifications;

/// <summary>Names every problem of the <c>Smtp</c> section at start-up, not at the first e-mail.</summary>
internal sealed class SmtpSettingsValidator : IValidateOptions<SmtpSettings>
{
    public ValidateOptionsResult Validate(string? name, SmtpSettings options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
