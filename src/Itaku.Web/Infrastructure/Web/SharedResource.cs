namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// Marker for the shared string table. Keys are the Japanese text itself (Japanese is the
/// default); Resources/Infrastructure/Web/SharedResource.en.resx holds the English.
/// </summary>
public sealed class SharedResource;
