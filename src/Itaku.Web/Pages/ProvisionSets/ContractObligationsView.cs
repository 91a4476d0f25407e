using Itaku.Web.Features.Compliance;

namespace Itaku.Web.Pages.ProvisionSets;

/// <summary>What the contract page and the printable matrix hand to <c>_ContractObligations</c>.</summary>
public sealed record ContractObligationsView(long ContractId, bool CanManage, ContractObligationsDto Obligations, bool PrintView = false);
