using Itaku.Web.Infrastructure.Web;
using System.ComponentModel.DataAnnotations;

namespace Itaku.Web.Features.Contracts;

public sealed record WorkLocationDto(
    [property: Required(ErrorMessage = "作業場所の名称を入力してください。"), StringLength(200, ErrorMessage = "作業場所の名称は200文字以内で入力してください。"), SingleLine] string? Name,
    [property: Required(ErrorMessage = "作業場所の所在地を入力してください。"), StringLength(400, ErrorMessage = "作業場所の所在地は400文字以内で入力してください。")] string? Address);

public sealed record ContractDto(
    long Id,
    string Number,
    string Title,
    long ClientDepartmentId,
    long ContractorId,
    DateOnly StartDate,
    DateOnly EndDate,
    ContractStatus Status,
    bool HandlesPersonalInformation,
    IReadOnlyList<string> InformationTypes,
    IReadOnlyList<string> AccessMethods,
    IReadOnlyList<WorkLocationDto> WorkLocations,
    long? ProvisionSetId,
    DateOnly? ActivatedOn = null,
    DateOnly? RecordStartDate = null);

/// <summary>Create and update take the same fields; status only moves along <see cref="ContractStatusRules"/>.</summary>
public sealed record ContractRequest(
    [property: Required(ErrorMessage = "契約番号を入力してください。"), StringLength(50, ErrorMessage = "契約番号は50文字以内で入力してください。"), SingleLine] string? Number,
    [property: Required(ErrorMessage = "件名を入力してください。"), StringLength(200, ErrorMessage = "件名は200文字以内で入力してください。"), SingleLine] string? Title,
    [property: Required(ErrorMessage = "所管課を指定してください。")] long? ClientDepartmentId,
    [property: Required(ErrorMessage = "受託者を指定してください。")] long? ContractorId,
    [property: Required(ErrorMessage = "契約開始日を入力してください。")] DateOnly? StartDate,
    [property: Required(ErrorMessage = "契約終了日を入力してください。")] DateOnly? EndDate,
    ContractStatus? Status,
    bool HandlesPersonalInformation,
    [property: MaxLength(50, ErrorMessage = "取り扱う情報は50件までです。")] List<string>? InformationTypes,
    [property: MaxLength(50, ErrorMessage = "アクセス方法は50件までです。")] List<string>? AccessMethods,
    [property: MaxLength(50, ErrorMessage = "作業場所は50件までです。")] List<WorkLocationDto>? WorkLocations,
    long? ProvisionSetId = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartDate is { } start && EndDate is { } end && end < start)
        {
            yield return new ValidationResult("契約終了日は開始日以降にしてください。", [nameof(EndDate)]);
        }

        foreach (var (list, name) in new[] { (InformationTypes, nameof(InformationTypes)), (AccessMethods, nameof(AccessMethods)) })
        {
            if (list?.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 200) == true)
            {
                yield return new ValidationResult("各項目は1文字以上200文字以内で入力してください。", [name]);
            }
        }

        // Element validation skips a null entry; without this check it would reach the service as a 500.
        if (WorkLocations?.Any(l => l is null) == true)
        {
            yield return new ValidationResult("作業場所の名称を入力してください。", [nameof(WorkLocations)]);
        }
    }
}

public sealed record MemberDto(Guid UserId, string Email, string DisplayName, ContractRole Role, DateTime AddedAt);

public sealed record AddMemberRequest(
    [property: Required(ErrorMessage = "ユーザーを指定してください。")] Guid? UserId,
    [property: Required(ErrorMessage = "契約上の役割を指定してください。")] ContractRole? Role);

internal static class ContractMapping
{
    public static ContractDto ToDto(this Contract c) => new(
        c.Id, c.Number, c.Title, c.ClientDepartmentId, c.ContractorId, c.StartDate, c.EndDate, c.Status,
        c.HandlesPersonalInformation, c.InformationTypes, c.AccessMethods,
        c.WorkLocations.OrderBy(l => l.Id).Select(l => new WorkLocationDto(l.Name, l.Address)).ToList(),
        c.ProvisionSetId, c.ActivatedOn, c.RecordStartDate);
}

/// <summary>A subcontractor approved for a contract, and the subcontracting request that approved it.</summary>
public sealed record SubcontractorDto(long OrganizationId, string Name, string? Address, long RequestId, DateTime AddedAt);
