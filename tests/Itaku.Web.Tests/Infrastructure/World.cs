using System.Net.Http.Headers;
using System.Net.Http.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Password, GlobalRole Role, long OrganizationId, string? TotpKey);

/// <summary>
/// A small prefecture: two departments, two contractors, one contract each, and a user of every
/// kind. Contract A belongs to department A and contractor X; contract B to B and Y.
/// </summary>
public sealed class World
{
    public const string Password = "correct horse battery staple 42";
    private readonly ItakuFactory _factory;
    private readonly Dictionary<Guid, string> _tokens = [];

    private World(ItakuFactory factory) => _factory = factory;

    public long ClientBody { get; private set; }
    public long DeptA { get; private set; }
    public long DeptB { get; private set; }
    public long ContractorX { get; private set; }
    public long ContractorY { get; private set; }
    public TestUser Admin { get; private set; } = null!;
    public TestUser StaffA { get; private set; } = null!;
    public TestUser StaffB { get; private set; } = null!;
    public TestUser Auditor { get; private set; } = null!;
    public TestUser ResponsibleX { get; private set; } = null!;
    public TestUser WorkerX { get; private set; } = null!;
    public TestUser ResponsibleY { get; private set; } = null!;
    public long ContractA { get; private set; }
    public long ContractB { get; private set; }

    public IEnumerable<TestUser> Everyone => [Admin, StaffA, StaffB, Auditor, ResponsibleX, WorkerX, ResponsibleY];

    public static async Task<World> CreateAsync(ItakuFactory factory)
    {
        var w = new World(factory);
        await w.SeedAsync();
        return w;
    }

    private async Task SeedAsync()
    {
        _factory.StartServer(); // start the host (TestServer or Kestrel): the schema is applied on start
        ClientBody = await OrgAsync(OrganizationKind.ClientBody, "群馬県", null);
        DeptA = await OrgAsync(OrganizationKind.Department, "情報政策課", ClientBody);
        DeptB = await OrgAsync(OrganizationKind.Department, "税務課", ClientBody);
        ContractorX = await OrgAsync(OrganizationKind.Contractor, "株式会社上州システム", null);
        ContractorY = await OrgAsync(OrganizationKind.Contractor, "赤城データ株式会社", null);
        Admin = await UserAsync("admin@pref.example.jp", "管理 太郎", GlobalRole.SystemAdmin, ClientBody, mfa: true);
        StaffA = await UserAsync("staff-a@pref.example.jp", "情報 花子", GlobalRole.ClientStaff, DeptA, mfa: true);
        StaffB = await UserAsync("staff-b@pref.example.jp", "税務 次郎", GlobalRole.ClientStaff, DeptB, mfa: true);
        Auditor = await UserAsync("audit@pref.example.jp", "監査 三郎", GlobalRole.Auditor, ClientBody, mfa: true);
        ResponsibleX = await UserAsync("lead@joshu.example.com", "上州 一郎", GlobalRole.ContractorStaff, ContractorX, mfa: false);
        WorkerX = await UserAsync("worker@joshu.example.com", "作業 四郎", GlobalRole.ContractorStaff, ContractorX, mfa: false);
        ResponsibleY = await UserAsync("lead@akagi.example.com", "赤城 五郎", GlobalRole.ContractorStaff, ContractorY, mfa: false);
        ContractA = await ContractAsync("R8-情政-001", DeptA, ContractorX, (StaffA, ContractRole.Owner), (ResponsibleX, ContractRole.Responsible), (WorkerX, ContractRole.Worker), (Auditor, ContractRole.Auditor));
        ContractB = await ContractAsync("R8-税務-001", DeptB, ContractorY, (StaffB, ContractRole.Owner), (ResponsibleY, ContractRole.Responsible));
    }

    public async Task<long> OrgAsync(OrganizationKind kind, string name, long? parent)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var org = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
            .CreateAsync(new CreateOrganizationRequest(kind, name, parent, null, null), CancellationToken.None);
        return org.Id;
    }

    public async Task<TestUser> UserAsync(string email, string name, GlobalRole role, long org, bool mfa)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var dto = await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateAsync(new CreateUserRequest(email, name, role, org, Password), CancellationToken.None);
        string? key = null;
        if (mfa)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ItakuUser>>();
            var user = (await users.FindByIdAsync(dto.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return new TestUser(dto.Id, email, Password, role, org, key);
    }

    private async Task<long> ContractAsync(string number, long dept, long contractor, params (TestUser User, ContractRole Role)[] members)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var now = DateTime.UtcNow;
        var contract = new Contract
        {
            Number = number,
            Title = $"{number} 基幹系システム運用保守業務委託",
            ClientDepartmentId = dept,
            ContractorId = contractor,
            StartDate = new DateOnly(2026, 4, 1),
            EndDate = new DateOnly(2027, 3, 31),
            Status = ContractStatus.Active,
            HandlesPersonalInformation = true,
            CreatedAt = now,
            UpdatedAt = now,
            Members = members.Select(m => new ContractMember { UserId = m.User.Id, Role = m.Role, AddedAt = now }).ToList(),
        };
        db.Contracts.Add(contract);
        await db.SaveChangesAsync();
        return contract.Id;
    }

    public async Task<string> TokenAsync(TestUser user)
    {
        if (_tokens.TryGetValue(user.Id, out var cached))
        {
            return cached;
        }

        using var anonymous = _factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/tokens", new
        {
            email = user.Email,
            password = user.Password,
            totpCode = user.TotpKey is null ? null : Totp.Code(user.TotpKey),
        });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
        _tokens[user.Id] = token;
        return token;
    }

    /// <summary>Drops cached API tokens: after the test clock jumps days ahead they have expired.</summary>
    public void ForgetTokens() => _tokens.Clear();

    public async Task<HttpClient> ClientAsync(TestUser user)
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return client;
    }
}
