using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Provisions;

/// <summary>The shipped files, and sets derived from them for a test (another city, a new version, a broken copy).</summary>
internal static class ProvisionFixtures
{
    public const string Gunma = "gunma-outsourcing-security";
    public const string Setagaya = "setagaya-computing-outsourcing";

    public static string ShippedText(string code) => ShippedProvisions.Read(code + ".json");

    public static JsonObject Shipped(string code) => JsonNode.Parse(ShippedText(code))!.AsObject();

    /// <summary>Gunma's articles under another identity and version: a municipality's own set, valid as it stands.</summary>
    public static JsonObject OtherCity(string version = "2025-04-01")
    {
        var set = Shipped(Gunma);
        set["id"] = "example-city-outsourcing-security";
        set["version"] = version;
        set["issuer"] = new JsonObject { ["ja"] = "例市", ["en"] = "Example City" };
        return set;
    }

    public static ProvisionSetReader Reader() => ShippedProvisions.CreateReader(ShippedProvisions.LoadTaxonomy());

    public static JsonNode Article(this JsonObject set, int index) => set["articles"]![index]!;

    /// <summary>A contract request for department A and contractor X, as client staff A may send it.</summary>
    public static object NewContract(World world, string number, long? provisionSetId) => new
    {
        number,
        title = "住民情報システム運用保守業務委託",
        clientDepartmentId = world.DeptA,
        contractorId = world.ContractorX,
        startDate = "2026-04-01",
        endDate = "2027-03-31",
        provisionSetId,
    };

    /// <summary>
    /// Signs an existing contract (World's contracts are inserted without one) against the stored set
    /// <paramref name="code"/>, as the contract service would have at creation.
    /// </summary>
    public static Task AttachSetAsync(ItakuFactory factory, long contractId, string code = Gunma) => factory.DbAsync(async db =>
    {
        var set = await db.ProvisionSets.AsNoTracking().Where(s => s.Code == code).OrderByDescending(s => s.Id).FirstAsync();
        var contract = await db.Contracts.SingleAsync(c => c.Id == contractId);
        contract.ProvisionSetId = set.Id;
        db.ContractProvisionSnapshots.Add(new ContractProvisionSnapshot
        {
            ContractId = contractId,
            Code = set.Code,
            Version = set.Version,
            Json = set.Json,
            Sha256 = set.Sha256,
            TakenAt = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    public static StringContent Json(string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());
}
