using Itaku.Ledger;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// The instance's checkpoint-signing key. Created on first start and kept private on disk (mode 0600);
/// its public half (a C2SP verifier key) is shown to administrators and served by the API, so that
/// anyone can check an exported bundle without trusting Itaku.
/// </summary>
public sealed class LedgerKeys : IDisposable
{
    private readonly Lazy<NoteSigner> _signer;

    public LedgerKeys(IOptions<LedgerSettings> settings, IHostEnvironment environment, ILogger<LedgerKeys> log)
    {
        var path = Path.GetFullPath(settings.Value.SigningKeyPath, environment.ContentRootPath);
        var name = settings.Value.OriginPrefix;
        _signer = new Lazy<NoteSigner>(() => LoadOrCreate(path, name, log));
    }

    public NoteSigner Signer => _signer.Value;

    public NoteVerifier Verifier => Signer.Verifier;

    /// <summary>The verifier key, e.g. <c>itaku.localhost+1a2b3c4d+Ak…</c>.</summary>
    public string VerifierKey => Signer.VerifierKey;

    public void Dispose()
    {
        if (_signer.IsValueCreated)
        {
            _signer.Value.Dispose();
        }
    }

    private static NoteSigner LoadOrCreate(string path, string name, ILogger log)
    {
        if (File.Exists(path))
        {
            return NoteSigner.FromPem(name, File.ReadAllText(path));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var signer = NoteSigner.Generate(name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(signer.ExportPem());
        }

        log.LogWarning("Created the ledger signing key {Path}; its verifier key is {Key}. Back it up with the database.", path, signer.VerifierKey);
        return signer;
    }
}
