using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Api;

/// <summary>
/// Wrong input on every write endpoint: always a 400 problem-details answer that names the field,
/// never a 5xx, and nothing at all written — no row, no audit event.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private HttpClient _admin = null!;
    private HttpClient _staffA = null!;
    private HttpClient _anonymous = null!;
    private ContractDto _contractA = null!;
    private ContractDto _contractB = null!;
    private TestUser _newcomerX = null!;
    private int _serial;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _newcomerX = await _world.UserAsync("newcomer@joshu.example.com", "新人 八郎", GlobalRole.ContractorStaff, _world.ContractorX, mfa: false);
        // Every token is issued (and its audit event written) before any snapshot is taken.
        _admin = await _world.ClientAsync(_world.Admin);
        _staffA = await _world.ClientAsync(_world.StaffA);
        _anonymous = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        _contractA = (await _admin.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{_world.ContractA}", Ct))!;
        _contractB = (await _admin.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{_world.ContractB}", Ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _staffA.Dispose();
        _anonymous.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task MalformedJson_Returns400ProblemDetails_OnEveryWriteEndpoint()
    {
        string[] malformed = ["{", "{\"number\": }", "not json", "[1, 2]", "\"a string\"", "null", ""];
        var problems = new List<string>();
        foreach (var target in WriteEndpoints())
        {
            foreach (var body in malformed)
            {
                problems.AddRange(await RejectedAsync(target.Client, target.Method, target.Url, body));
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingRequiredFields_Return400_NamingEachField()
    {
        var problems = new List<string>();
        foreach (var target in WriteEndpoints())
        {
            problems.AddRange(await RejectedAsync(target.Client, target.Method, target.Url, "{}", target.Required));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task OverlongFields_Return400_NamingTheField()
    {
        var longEmail = new string('a', 250) + "@example.jp";
        var cases = new (HttpClient Client, string Method, string Url, JsonObject Body, string Field)[]
        {
            (_admin, "POST", "/api/v1/contracts", With(NewContract(), "number", new string('番', 51)), "number"),
            (_admin, "POST", "/api/v1/contracts", With(NewContract(), "title", new string('件', 201)), "title"),
            (_admin, "PUT", ContractUrl(_contractA), With(Current(_contractA), "number", new string('番', 51)), "number"),
            (_admin, "PUT", ContractUrl(_contractA), With(Current(_contractA), "title", new string('件', 201)), "title"),
            (_admin, "POST", "/api/v1/organizations", With(NewOrganization(), "name", new string('名', 201)), "name"),
            (_admin, "POST", "/api/v1/users", With(NewUser(), "email", longEmail), "email"),
            (_admin, "POST", "/api/v1/users", With(NewUser(), "displayName", new string('氏', 101)), "displayName"),
            (_anonymous, "POST", "/api/v1/tokens", With(Credentials(), "email", longEmail), "email"),
        };

        var problems = new List<string>();
        foreach (var (client, method, url, body, field) in cases)
        {
            problems.AddRange(await RejectedAsync(client, method, url, body.ToJsonString(), field));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task EndDateBeforeStartDate_Returns400_NamingEndDate()
    {
        var problems = new List<string>();
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "endDate", "2026-03-31").ToJsonString(), "endDate"));
        problems.AddRange(await RejectedAsync(_admin, "PUT", ContractUrl(_contractA), With(Current(_contractA), "endDate", "2026-03-31").ToJsonString(), "endDate"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownEnumValues_Return400_NamingTheField()
    {
        var cases = new (string Method, string Url, JsonObject Body, string Field)[]
        {
            ("POST", "/api/v1/contracts", With(NewContract(), "status", "Bogus"), "status"),
            ("PUT", ContractUrl(_contractA), With(Current(_contractA), "status", "Bogus"), "status"),
            ("POST", "/api/v1/organizations", With(NewOrganization(), "kind", "Alien"), "kind"),
            ("POST", "/api/v1/users", With(NewUser(), "role", "Emperor"), "role"),
            ("POST", MembersUrl(_contractA), With(NewMember(), "role", "Emperor"), "role"),
            // A wrong type is named the same way.
            ("POST", "/api/v1/contracts", With(NewContract(), "clientDepartmentId", "情報政策課"), "clientDepartmentId"),
            // Numbers are not names, in range or not (a role of 99 was once stored).
            ("POST", MembersUrl(_contractA), With(NewMember(), "role", 99), "role"),
            ("POST", MembersUrl(_contractA), With(NewMember(), "role", "99"), "role"),
            ("POST", MembersUrl(_contractA), With(NewMember(), "role", 1), "role"),
            ("POST", "/api/v1/users", With(NewUser(), "role", 0), "role"),
            ("PUT", ContractUrl(_contractA), With(Current(_contractA), "status", 3), "status"),
        };

        var problems = new List<string>();
        foreach (var (method, url, body, field) in cases)
        {
            problems.AddRange(await RejectedAsync(_admin, method, url, body.ToJsonString(), field));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownEnumValuesInTheQueryString_Return400_NamingTheParameter()
    {
        var problems = new List<string>();
        foreach (var value in new[] { "99", "1", "-1", "Bogus" })
        {
            problems.AddRange(await RejectedAsync(_admin, "GET", $"/api/v1/contracts?status={value}", null, "status"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"/api/v1/organizations?kind={value}", null, "kind"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"/api/v1/contracts/{_world.ContractA}/requests?status={value}", null, "status"));
        }

        problems.ShouldBeEmpty();
        (await _admin.GetAsync("/api/v1/contracts?status=Active", Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task DuplicatePropertyNames_Return400_NamingTheProperty_BeforeAnyPermissionCheck()
    {
        var contract = NewContract().ToJsonString();
        var problems = new List<string>();
        // Top level and nested, on endpoints with typed bodies and with free JSON objects (request fields).
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", contract.Replace("{\"number\":", "{\"number\":\"X-1\",\"number\":", StringComparison.Ordinal), "number"));
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/organizations", """{"kind":"Contractor","name":"甲","name":"乙"}""", "name"));
        problems.AddRange(await RejectedAsync(_staffA, "POST", "/api/v1/contracts/0/requests", """{"kind":"offsite-work","title":"t","fields":{"a":1,"a":2}}""", "fields.a"));
        problems.AddRange(await RejectedAsync(_staffA, "POST", $"/api/v1/contracts/{_world.ContractA}/requests", """{"kind":"offsite-work","title":"t","fields":{"a":1,"a":2}}""", "fields.a"));
        problems.AddRange(await RejectedAsync(_staffA, "PUT", $"/api/v1/contracts/{_world.ContractA}/requests/1", """{"title":"t","fields":{"place":"x","place":"y"}}""", "fields.place"));
        problems.AddRange(await RejectedAsync(_staffA, "POST", $"/api/v1/contracts/{_world.ContractA}/notices", """{"kind":"management-structure","title":"t","body":"b","fields":{"x":{"y":1,"y":2}}}""", "fields.x.y"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task ControlCharactersInSingleLineFields_Return400_NamingTheField()
    {
        var problems = new List<string>();
        foreach (var bad in new[] { "件名\r\nBcc: x@example.com", "件\t名", "件名\u0000", "件名\u2028続き" })
        {
            problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "title", bad).ToJsonString(), "title"));
            problems.AddRange(await RejectedAsync(_admin, "PUT", ContractUrl(_contractA), With(Current(_contractA), "number", bad).ToJsonString(), "number"));
            problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/organizations", With(NewOrganization(), "name", bad).ToJsonString(), "name"));
            problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/users", With(NewUser(), "displayName", bad).ToJsonString(), "displayName"));
            var request = new JsonObject { ["kind"] = "offsite-work", ["title"] = bad, ["fields"] = new JsonObject() };
            using var lead = await _world.ClientAsync(_world.ResponsibleX);
            problems.AddRange(await RejectedAsync(lead, "POST", $"/api/v1/contracts/{_world.ContractA}/requests", request.ToJsonString(), "title"));
            var notice = new JsonObject { ["kind"] = "management-structure", ["title"] = bad, ["body"] = "本文", ["fields"] = new JsonObject() };
            problems.AddRange(await RejectedAsync(lead, "POST", $"/api/v1/contracts/{_world.ContractA}/notices", notice.ToJsonString(), "title"));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task BadPagingParameters_Return400_NamingLimitOrCursor()
    {
        var notANumber = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-a-number")).TrimEnd('=');
        var problems = new List<string>();
        foreach (var list in new[] { "/api/v1/contracts", "/api/v1/organizations", "/api/v1/users" })
        {
            problems.AddRange(await RejectedAsync(_admin, "GET", $"{list}?limit=0", null, "limit"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"{list}?limit=1000", null, "limit"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"{list}?limit=-5", null, "limit"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"{list}?cursor=***", null, "cursor"));
            problems.AddRange(await RejectedAsync(_admin, "GET", $"{list}?cursor=%E2%9C%93", null, "cursor"));
        }

        // Contracts and organisations page by id: a cursor that decodes to something else is garbage too.
        problems.AddRange(await RejectedAsync(_admin, "GET", $"/api/v1/contracts?cursor={notANumber}", null, "cursor"));
        problems.AddRange(await RejectedAsync(_admin, "GET", $"/api/v1/organizations?cursor={notANumber}", null, "cursor"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task DuplicateContractNumber_Returns400_NamingNumber()
    {
        var problems = new List<string>();
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "number", _contractA.Number).ToJsonString(), "number"));
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "number", $"  {_contractA.Number} ").ToJsonString(), "number"));
        problems.AddRange(await RejectedAsync(_staffA, "POST", "/api/v1/contracts", With(NewContract(), "number", _contractB.Number).ToJsonString(), "number"));
        problems.AddRange(await RejectedAsync(_admin, "PUT", ContractUrl(_contractB), With(Current(_contractB), "number", _contractA.Number).ToJsonString(), "number"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task DepartmentThatIsNotADepartment_Returns400_NamingClientDepartmentId()
    {
        var problems = new List<string>();
        foreach (var notADepartment in new[] { _world.ContractorX, _world.ClientBody, 999_999 })
        {
            problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "clientDepartmentId", notADepartment).ToJsonString(), "clientDepartmentId"));
            problems.AddRange(await RejectedAsync(_admin, "PUT", ContractUrl(_contractA), With(Current(_contractA), "clientDepartmentId", notADepartment).ToJsonString(), "clientDepartmentId"));
        }

        // And the contractor must be a contractor.
        problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", With(NewContract(), "contractorId", _world.DeptB).ToJsonString(), "contractorId"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task ClientStaff_ContractForAnotherDepartment_Returns400_NamingClientDepartmentId()
    {
        var problems = new List<string>();
        problems.AddRange(await RejectedAsync(_staffA, "POST", "/api/v1/contracts", With(NewContract(), "clientDepartmentId", _world.DeptB).ToJsonString(), "clientDepartmentId"));
        // Nor can the owner move their contract over to another department.
        problems.AddRange(await RejectedAsync(_staffA, "PUT", ContractUrl(_contractA), With(Current(_contractA), "clientDepartmentId", _world.DeptB).ToJsonString(), "clientDepartmentId"));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task BlankOrNullListItems_Return400_NamingTheList()
    {
        var cases = new (JsonObject Body, string Field)[]
        {
            (With(NewContract(), "informationTypes", new JsonArray("住民基本台帳情報", "  ")), "informationTypes"),
            (With(NewContract(), "accessMethods", new JsonArray((JsonNode?)null)), "accessMethods"),
            (With(NewContract(), "workLocations", new JsonArray(new JsonObject { ["name"] = "本社", ["address"] = "" })), "workLocations"),
            (With(NewContract(), "workLocations", new JsonArray((JsonNode?)null)), "workLocations"),
        };

        var problems = new List<string>();
        foreach (var (body, field) in cases)
        {
            problems.AddRange(await RejectedAsync(_admin, "POST", "/api/v1/contracts", body.ToJsonString(), field));
        }

        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// Sends one bad request and returns what is wrong with the answer: not a 400, not problem details,
    /// a field not named in <c>errors</c> (case-insensitively; nested keys count), or anything written.
    /// </summary>
    private async Task<List<string>> RejectedAsync(HttpClient client, string method, string url, string? json, params string[] fields)
    {
        var before = await SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var label = $"{method} {url} {Shorten(json)}";
        TestContext.Current.TestOutputHelper!.WriteLine($"{label} → {(int)response.StatusCode} {Shorten(text)}");

        var problems = new List<string>();
        if ((int)response.StatusCode != 400)
        {
            problems.Add($"{label}: expected 400, got {(int)response.StatusCode} {Shorten(text)}");
        }
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            problems.Add($"{label}: 400 answered as {response.Content.Headers.ContentType?.MediaType}, not application/problem+json");
        }
        else if (fields.Length > 0)
        {
            var keys = ErrorKeys(text);
            foreach (var field in fields.Where(f => !keys.Any(k => Names(k, f))))
            {
                problems.Add($"{label}: errors do not name '{field}' (they name {string.Join(", ", keys)})");
            }
        }

        var after = await SnapshotAsync();
        if (after != before)
        {
            problems.Add($"{label}: something was written: {before} → {after}");
        }

        return problems;
    }

    private static bool Names(string key, string field) =>
        string.Equals(key, field, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase);

    private static List<string> ErrorKeys(string problemJson)
    {
        using var doc = JsonDocument.Parse(problemJson);
        return doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(p => p.Name).ToList()
            : [];
    }

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var contracts = await db.Contracts.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Number, c.Title, c.Status, c.ClientDepartmentId, c.ContractorId, c.EndDate, c.UpdatedAt })
            .ToListAsync(Ct);
        return new Snapshot(
            contracts.Count,
            await db.Organizations.CountAsync(Ct),
            await db.Users.CountAsync(Ct),
            await db.ContractMembers.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            await db.ContractWorkLocations.CountAsync(Ct),
            await db.ApiTokens.CountAsync(Ct),
            string.Join(";", contracts.Select(c => $"{c.Id}|{c.Number}|{c.Title}|{c.Status}|{c.ClientDepartmentId}|{c.ContractorId}|{c.EndDate:O}|{c.UpdatedAt:O}")));
    }

    /// <summary>The six write endpoints, each with the caller allowed to use it and its required fields.</summary>
    private IEnumerable<(HttpClient Client, string Method, string Url, string[] Required)> WriteEndpoints() =>
    [
        (_admin, "POST", "/api/v1/contracts", ["number", "title", "clientDepartmentId", "contractorId", "startDate", "endDate"]),
        (_admin, "PUT", ContractUrl(_contractA), ["number", "title", "clientDepartmentId", "contractorId", "startDate", "endDate"]),
        (_admin, "POST", "/api/v1/organizations", ["kind", "name"]),
        (_admin, "POST", "/api/v1/users", ["email", "displayName", "role", "organizationId", "password"]),
        (_admin, "POST", MembersUrl(_contractA), ["userId", "role"]),
        (_anonymous, "POST", "/api/v1/tokens", ["email", "password"]),
    ];

    private JsonObject NewContract() => new()
    {
        ["number"] = $"R8-検査-{Next()}",
        ["title"] = "入力検査業務委託",
        ["clientDepartmentId"] = _world.DeptA,
        ["contractorId"] = _world.ContractorX,
        ["startDate"] = "2026-04-01",
        ["endDate"] = "2027-03-31",
    };

    private static JsonObject Current(ContractDto c) => new()
    {
        ["number"] = c.Number,
        ["title"] = c.Title,
        ["clientDepartmentId"] = c.ClientDepartmentId,
        ["contractorId"] = c.ContractorId,
        ["startDate"] = c.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["endDate"] = c.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["status"] = c.Status.ToString(),
        ["handlesPersonalInformation"] = c.HandlesPersonalInformation,
    };

    private JsonObject NewOrganization() => new() { ["kind"] = "Contractor", ["name"] = $"検査株式会社 {Next()}" };

    private JsonObject NewUser() => new()
    {
        ["email"] = $"new-{Next()}@joshu.example.com",
        ["displayName"] = "新規 職員",
        ["role"] = "ContractorStaff",
        ["organizationId"] = _world.ContractorX,
        ["password"] = World.Password,
    };

    private JsonObject NewMember() => new() { ["userId"] = _newcomerX.Id.ToString(), ["role"] = "Worker" };

    private JsonObject Credentials() => new() { ["email"] = _world.WorkerX.Email, ["password"] = World.Password };

    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        body[field] = value;
        return body;
    }

    private static string ContractUrl(ContractDto c) => $"/api/v1/contracts/{c.Id}";

    private static string MembersUrl(ContractDto c) => $"/api/v1/contracts/{c.Id}/members";

    private int Next() => Interlocked.Increment(ref _serial);

    private static string Shorten(string? s) => s is null ? "" : s.Length > 160 ? s[..160] + "…" : s;

    private sealed record Snapshot(int Contracts, int Organizations, int Users, int Members, int AuditEvents, int WorkLocations, int ApiTokens, string ContractsDigest);
}
