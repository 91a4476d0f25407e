namespace Itaku.Web.Features.Notifications;

/// <summary>
/// Which party of a contract a notification goes to. Client (甲) = its Owner and Reviewer members;
/// contractor (乙) = its Responsible and Supervisor members. Workers and auditors are not told of
/// submissions and decisions: they neither decide nor answer for the contractor.
/// </summary>
public enum ContractSide
{
    Client,
    Contractor,
}
