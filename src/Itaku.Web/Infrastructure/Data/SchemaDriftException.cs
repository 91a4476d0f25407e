namespace Itaku.Web.Infrastructure.Data;

/// <summary>The database's recorded schema scripts do not match the ones shipped with this build.</summary>
public sealed class SchemaDriftException(string message) : Exception(message);
