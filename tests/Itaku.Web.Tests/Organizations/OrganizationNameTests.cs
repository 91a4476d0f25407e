using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Organizations;

/// <summary>One name per kind under one parent: a second 情報政策課 in the same prefecture is refused, in Japanese.</summary>
public sealed class OrganizationNameTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task DuplicateName_SameKindAndParent_IsRefused_ElsewhereAllowed()
    {
        var refused = await Should.ThrowAsync<RequestValidationException>(() => _world.OrgAsync(OrganizationKind.Department, "情報政策課", _world.ClientBody));
        refused.Errors["name"].ShouldBe(["同じ名称の組織が既に登録されています。"]);
        await Should.ThrowAsync<RequestValidationException>(() => _world.OrgAsync(OrganizationKind.Contractor, " 株式会社上州システム ", null));

        var otherBody = await _world.OrgAsync(OrganizationKind.ClientBody, "世田谷区", null);
        (await _world.OrgAsync(OrganizationKind.Department, "情報政策課", otherBody)).ShouldBePositive();
    }
}
