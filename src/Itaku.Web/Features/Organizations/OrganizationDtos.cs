using Itaku.Web.Infrastructure.Web;
using System.ComponentModel.DataAnnotations;

namespace Itaku.Web.Features.Organizations;

public sealed record OrganizationDto(long Id, OrganizationKind Kind, string Name, long? ParentId, string? Address, string? Representative);

public sealed record CreateOrganizationRequest(
    [property: Required(ErrorMessage = "種別を指定してください。")] OrganizationKind? Kind,
    [property: Required(ErrorMessage = "名称を入力してください。"), StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。"), SingleLine] string? Name,
    long? ParentId,
    [property: StringLength(400, ErrorMessage = "所在地は400文字以内で入力してください。")] string? Address,
    [property: StringLength(200, ErrorMessage = "代表者は200文字以内で入力してください。")] string? Representative);

internal static class OrganizationMapping
{
    public static OrganizationDto ToDto(this Organization o) => new(o.Id, o.Kind, o.Name, o.ParentId, o.Address, o.Representative);
}
