namespace Itaku.Web.Features.Provisions;

/// <summary>
/// The provision set a contract was signed with, frozen at that moment: a copy of the set's text
/// and its hash. Nothing updates it, so a later import (a new version of the same set) never
/// rewrites what a signed contract requires.
/// </summary>
public sealed class ContractProvisionSnapshot
{
    public long ContractId { get; set; }

    /// <summary>The set's <c>id</c> and <c>version</c>, as in the file.</summary>
    public string Code { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>The set's file, copied from the provision set row.</summary>
    public string Json { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of <see cref="Json"/> in UTF-8.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime TakenAt { get; set; }
}
