using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Pages.ProvisionSets;

/// <summary>What the contract page hands to <c>_ContractObligations</c>.</summary>
public sealed record ContractObligationsView(long ContractId, bool CanManage, ContractObligationsDto Obligations);
