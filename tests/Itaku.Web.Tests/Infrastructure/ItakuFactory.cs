using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>The real application over real HTTP (TestServer, or Kestrel for the browser), on its own database.</summary>
public class ItakuFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("itaku-data-").FullName;

    public TestClock Clock { get; } = new();

    public string ProviderName => _database.Provider;

    /// <summary>Where this instance keeps its files (signing key, data-protection keys).</summary>
    public string DataDirectory => _dataDir;

    /// <summary>Extra configuration for one test class (e.g. a tight rate limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:Itaku", _database.ConnectionString);
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(_dataDir, "keys"));
        builder.UseSetting("Auth:SignInPerMinute", "100000");
        builder.UseSetting("Ledger:SigningKeyPath", Path.Combine(_dataDir, "ledger-signing-key.pem"));
        builder.UseSetting("Attachments:KeyPath", Path.Combine(_dataDir, "attachments.key"));
        builder.UseSetting("Encryption:KeyPath", Path.Combine(_dataDir, "encryption.key"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);

            // Production keeps Identity's 100,000 PBKDF2 rounds; tests hash hundreds of passwords.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLoggerProvider()));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
