using System.Text.Json;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>RFC 9457 answers of the API, read the way a client would.</summary>
public static class ProblemResponses
{
    /// <summary>The body as JSON; read from the buffered string, so it can be read again (a content stream cannot).</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>The field names under <c>errors</c> of a validation problem (empty when there are none).</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var json = await response.ReadJsonAsync();
        return json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(p => p.Name).ToList()
            : [];
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>; returns the body for the message.</summary>
    public static async Task<string> ShouldBeValidationProblemForAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await response.ErrorFieldsAsync()).ShouldContain(field, body);
        return body;
    }
}
