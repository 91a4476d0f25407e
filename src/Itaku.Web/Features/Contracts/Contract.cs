namespace Itaku.Web.Features.Contracts;

public sealed class Contract
{
    public long Id { get; set; }

    /// <summary>The client's own contract number, e.g. 令和8年度情シ第12号.</summary>
    public string Number { get; set; } = "";

    public string Title { get; set; } = "";
    public long ClientDepartmentId { get; set; }
    public long ContractorId { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public ContractStatus Status { get; set; }

    /// <summary>
    /// The day (in the client's time zone) the contract first became Active in Itaku: it starts the duties
    /// due after signing (roster, management-structure notice). Later than <see cref="StartDate"/> it is
    /// also the record start date (記録開始日): due dates that count from the start count from it (ADR 0014).
    /// </summary>
    public DateOnly? ActivatedOn { get; set; }

    /// <summary>記録開始日: set when the contract became active after its start date.</summary>
    public DateOnly? RecordStartDate => ActivatedOn is { } on && on > StartDate ? on : null;
    public bool HandlesPersonalInformation { get; set; }

    /// <summary>Information the contractor may handle (G10), e.g. 住民基本台帳情報.</summary>
    public List<string> InformationTypes { get; set; } = [];

    /// <summary>How the contractor may reach it (G10), e.g. 庁内端末からのみ.</summary>
    public List<string> AccessMethods { get; set; } = [];

    /// <summary>The provision set signed with (G/S 特記事項); its text is frozen in ContractProvisionSnapshot.</summary>
    public long? ProvisionSetId { get; set; }

    public List<ContractWorkLocation> WorkLocations { get; set; } = [];
    public List<ContractMember> Members { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
