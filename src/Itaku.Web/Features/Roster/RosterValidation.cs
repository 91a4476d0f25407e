using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Features.Roster;

/// <summary>
/// Checks a draft's content and normalises it (trimmed text, a key for every new person); every problem is
/// reported at once, keyed like the JSON (<c>entries[2].name</c>), and nothing is written when there is one.
/// </summary>
internal static class RosterValidation
{
    public static (List<RosterEntryDto>, List<EmergencyContactDto>, string?) Validate(UpdateRosterRequest input)
    {
        var errors = new Dictionary<string, string[]>();
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note?.Length > RosterService.MaxNoteLength)
        {
            errors["note"] = [$"備考は{RosterService.MaxNoteLength}文字以内で入力してください。"];
        }

        var inputs = input.Entries ?? [];
        if (inputs.Count > RosterService.MaxEntries)
        {
            errors["entries"] = [$"名簿に記載できるのは{RosterService.MaxEntries}人までです。"];
        }

        var keys = new HashSet<Guid>();
        var entries = new List<RosterEntryDto>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var e = inputs[i];
            var at = $"entries[{i}]";
            if (e is null)
            {
                errors[at] = ["従事者の記載がありません。"];
                continue;
            }

            var key = e.Key ?? Guid.NewGuid();
            if (!keys.Add(key))
            {
                errors[$"{at}.key"] = ["同じ従事者が2回記載されています。"];
            }

            var name = Text(e.Name, $"{at}.name", "氏名", RosterService.MaxNameLength, required: true, errors);
            if (e.Role is null || !Enum.IsDefined(e.Role.Value))
            {
                errors[$"{at}.role"] = ["役割（責任者・監督者・作業者・その他）を選んでください。"];
            }

            entries.Add(new RosterEntryDto(key, name!, e.Role ?? RosterRole.Other,
                Text(e.Responsibilities, $"{at}.responsibilities", "担当業務", RosterService.MaxTextLength, required: false, errors) ?? "",
                Text(e.WorkScope, $"{at}.workScope", "作業範囲", RosterService.MaxTextLength, required: false, errors) ?? "",
                Text(e.WorkLocation, $"{at}.workLocation", "作業場所", RosterService.MaxTextLength, required: false, errors) ?? "",
                e.HandlesPersonalInformation, e.HandlesMedia,
                Text(e.Contact, $"{at}.contact", "連絡先", RosterService.MaxContactLength, required: false, errors)));
        }

        var contactInputs = input.EmergencyContacts ?? [];
        var contacts = new List<EmergencyContactDto>();
        for (var i = 0; i < contactInputs.Count; i++)
        {
            var c = contactInputs[i];
            var at = $"emergencyContacts[{i}]";
            if (c is null)
            {
                errors[at] = ["緊急連絡先の記載がありません。"];
                continue;
            }

            var key = c.Key ?? Guid.NewGuid();
            if (!keys.Add(key))
            {
                errors[$"{at}.key"] = ["同じ連絡先が2回記載されています。"];
            }

            contacts.Add(new EmergencyContactDto(key,
                Text(c.Name, $"{at}.name", "氏名", RosterService.MaxNameLength, required: true, errors)!,
                Text(c.Phone, $"{at}.phone", "電話番号", RosterService.MaxShortLength, required: true, errors)!,
                Text(c.Role, $"{at}.role", "役割", RosterService.MaxShortLength, required: false, errors) ?? "",
                Text(c.Hours, $"{at}.hours", "連絡可能な時間帯", RosterService.MaxShortLength, required: false, errors) ?? ""));
        }

        if (contactInputs.Count > RosterService.MaxEntries)
        {
            errors["emergencyContacts"] = [$"緊急連絡先は{RosterService.MaxEntries}件までです。"];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (entries, contacts, note);
    }

    private static string? Text(string? value, string field, string label, int max, bool required, Dictionary<string, string[]> errors)
    {
        var t = value?.Trim() ?? "";
        if (t.Length == 0)
        {
            if (required)
            {
                errors[field] = [$"{label}を入力してください。"];
            }

            return required ? "" : null;
        }

        if (t.Length > max)
        {
            errors[field] = [$"{label}は{max}文字以内で入力してください。"];
        }

        return t;
    }
}
