namespace Itaku.Web.Features.Attestations;

/// <summary>Section <c>Attachments</c> of the configuration.</summary>
public sealed class AttachmentSettings
{
    /// <summary>Largest file accepted, in bytes (20 MiB): evidence is a scan or a photo, not an archive.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most files in one submission; with <see cref="MaxBytes"/> it bounds the request body.</summary>
    public int MaxFiles { get; set; } = 5;

    /// <summary>Base64 of the 32-byte AES-256 key. When empty, the key file at <see cref="KeyPath"/> is used (created on first use).</summary>
    public string? Key { get; set; }

    /// <summary>Where the key is kept when <see cref="Key"/> is not set; created with mode 0600. Back it up with the database.</summary>
    public string KeyPath { get; set; } = "App_Data/attachments.key";

    /// <summary>The largest request body a submission may have: every file at its limit, plus the form fields.</summary>
    public long MaxRequestBytes => (MaxBytes * MaxFiles) + (1024 * 1024);
}
