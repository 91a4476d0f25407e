using System.Globalization;

namespace Itaku.Web.Features.Roster;

/// <summary>
/// The change between two roster versions: people paired by their key (kept when a draft is copied from
/// the previous version), so a renamed person is "changed", not removed and added.
/// </summary>
public static class RosterDiff
{
    public static RosterDiffDto Compute(int? previousNumber, IReadOnlyList<RosterEntryDto> before, IReadOnlyList<RosterEntryDto> after,
        IReadOnlyList<EmergencyContactDto> contactsBefore, IReadOnlyList<EmergencyContactDto> contactsAfter)
    {
        var old = before.ToDictionary(e => e.Key);
        var changes = new List<RosterEntryChangeDto>();
        foreach (var e in after)
        {
            if (!old.Remove(e.Key, out var was))
            {
                changes.Add(new("added", e.Key, e.Name, []));
                continue;
            }

            var fields = Fields(was).Zip(Fields(e), (b, a) => (b.Name, Before: b.Value, After: a.Value))
                .Where(f => f.Before != f.After)
                .Select(f => new RosterFieldChangeDto(f.Name, f.Before, f.After)).ToList();
            if (fields.Count > 0)
            {
                changes.Add(new("changed", e.Key, e.Name, fields));
            }
        }

        changes.AddRange(before.Where(e => old.ContainsKey(e.Key)).Select(e => new RosterEntryChangeDto("removed", e.Key, e.Name, [])));
        return new RosterDiffDto(previousNumber, changes, !contactsBefore.SequenceEqual(contactsAfter));
    }

    private static IEnumerable<(string Name, string? Value)> Fields(RosterEntryDto e) =>
    [
        ("name", e.Name),
        ("role", e.Role.ToString()),
        ("responsibilities", e.Responsibilities),
        ("workScope", e.WorkScope),
        ("workLocation", e.WorkLocation),
        ("handlesPersonalInformation", e.HandlesPersonalInformation.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()),
        ("handlesMedia", e.HandlesMedia.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()),
        ("contact", e.Contact),
    ];
}
