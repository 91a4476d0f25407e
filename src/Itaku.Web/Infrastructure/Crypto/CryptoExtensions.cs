namespace Itaku.Web.Infrastructure.Crypto;

public static class CryptoExtensions
{
    /// <summary>The instance's data key and cipher (one for the whole instance; ADR 0011).</summary>
    public static WebApplicationBuilder AddItakuCrypto(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EncryptionSettings>(builder.Configuration.GetSection("Encryption"));
        builder.Services.AddSingleton<AtRestCipher>();
        return builder;
    }
}
