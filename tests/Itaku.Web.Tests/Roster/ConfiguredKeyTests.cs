using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Itaku.Web.Features.Roster;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Roster;

/// <summary>
/// With <c>Encryption:Key</c> configured, that key is used and no key file is written; the stored format is
/// exactly <c>key id ‖ nonce(12) ‖ tag(16) ‖ AES-256-GCM ciphertext</c> with the row's place as associated
/// data, so it can be checked (and, in an emergency, read) with any AES-GCM implementation.
/// </summary>
public sealed class ConfiguredKeyTests : IAsyncLifetime
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly KeyedFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class KeyedFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Encryption:Key"] = Convert.ToBase64String(Key) };
    }

    [Fact]
    public async Task TheConfiguredKey_EncryptsTheRoster_InTheDocumentedFormat_AndNoKeyFileIsWritten()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var url = $"/api/v1/contracts/{_world.ContractA}/roster";
        (await lead.PostAsync(url, null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await lead.PutAsJsonAsync($"{url}/1", new { entries = new[] { RosterApiTests.Person("碓氷 峠子", RosterRole.Responsible) } }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var row = await _factory.DbAsync(db => db.RosterEntries.AsNoTracking().SingleAsync(Ct));
        var blob = Convert.FromBase64String(row.NameCipher);
        blob[0].ShouldBe((byte)1);
        var plain = new byte[blob.Length - 29];
        using (var aes = new AesGcm(Key, 16))
        {
            aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(29), blob.AsSpan(13, 16), plain, Encoding.UTF8.GetBytes(RosterService.EntryContext(row.RosterVersionId, row.PersonKey, "name")));
        }

        Encoding.UTF8.GetString(plain).ShouldBe("碓氷 峠子");
        File.Exists(Path.Combine(_factory.DataDirectory, "encryption.key")).ShouldBeFalse();
    }
}
