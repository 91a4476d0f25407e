namespace Itaku.Web.Features.Provisions;

/// <summary>One failed check: where in the document (<c>$.articles[3].obligations[0].key</c>) and what is wrong.</summary>
public sealed record JsonSchemaError(string Path, string Message);
