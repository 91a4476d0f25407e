namespace Itaku.Web.Features.LogSources;

/// <summary>The ingest token is missing, wrong, revoked, or belongs to another source.</summary>
public sealed class IngestUnauthorizedException() : Exception("The ingest token is not valid for this source.");
