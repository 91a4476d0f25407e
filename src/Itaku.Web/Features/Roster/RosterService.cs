using System.Globalization;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Notices;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Crypto;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Roster;

/// <summary>
/// The roster (従事者名簿, G4, S3): versions written by the contractor's 責任者 or 監督者
/// (<see cref="ContractOperations.SubmitRequests"/>), each submitted as a notice the client acknowledges
/// (<see cref="NoticeService"/>). Names and contact details are encrypted at rest
/// (<see cref="AtRestCipher"/>); every response that carries them decrypted is recorded as
/// <c>roster.viewed</c> — who read which version — and no personal data ever enters the audit trail
/// itself (the ledger is append-only and could never forget it). Readers are everyone who may read the
/// contract; drafts are the contractor's own until submitted.
/// </summary>
public sealed class RosterService(ItakuDbContext db, ContractService contracts, NoticeService notices, AtRestCipher cipher, AuditTrail audit, CurrentUser current, TimeProvider time)
{
    public const int MaxNoteLength = 2000;
    public const int MaxTextLength = 1000;
    public const int MaxNameLength = 100;
    public const int MaxContactLength = 300;
    public const int MaxShortLength = 100;
    public const int MaxEntries = 500;

    /// <summary>The versions, newest first, without personal data (not decrypted, not audited).</summary>
    public async Task<List<RosterVersionSummaryDto>> ListAsync(long contractId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var query = db.RosterVersions.AsNoTracking().Where(v => v.ContractId == contractId);
        if (!access.IsContractorSide)
        {
            query = query.Where(v => v.Status != RosterStatus.Draft);
        }

        var versions = await query.OrderByDescending(v => v.Number).ToListAsync(ct);
        var counts = await db.RosterEntries.AsNoTracking().Where(e => query.Select(v => v.Id).Contains(e.RosterVersionId))
            .GroupBy(e => e.RosterVersionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return await SummariesAsync(versions, counts, ct);
    }

    /// <summary>One version with its people decrypted and the change from the previous version; recorded as <c>roster.viewed</c>.</summary>
    public async Task<RosterVersionDto> GetAsync(long contractId, int number, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var version = await LoadAsync(contractId, number, access, tracked: false, ct);
        return await ViewAsync(version, ct);
    }

    /// <summary>
    /// Starts the next version of the contractor's roster — or, with <paramref name="organizationId"/>, of an
    /// approved subcontractor's (G14-3) — as a copy of that roster's last version (409 while it has a draft).
    /// </summary>
    public async Task<RosterVersionDto> CreateDraftAsync(long contractId, CancellationToken ct, long? organizationId = null)
    {
        await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        await RequireOpenAsync(contractId, ct);
        if (organizationId is { } org && !await db.ContractSubcontractors.AnyAsync(s => s.ContractId == contractId && s.OrganizationId == org, ct))
        {
            throw new RequestValidationException("organizationId", "名簿を作成できるのは、この契約の受託者と、承認された再委託先だけです。");
        }

        if (await db.RosterVersions.AnyAsync(v => v.ContractId == contractId && v.OrganizationId == organizationId && v.Status == RosterStatus.Draft, ct))
        {
            throw new ConflictException("下書きの版がすでにあります。その版を編集してください。");
        }

        var last = await db.RosterVersions.AsNoTracking().Include(v => v.Entries).Include(v => v.EmergencyContacts)
            .Where(v => v.ContractId == contractId && v.OrganizationId == organizationId).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var (entries, contacts) = last is null ? ([], []) : Decrypt(last);
        var number = await db.RosterVersions.Where(v => v.ContractId == contractId).MaxAsync(v => (int?)v.Number, ct) ?? 0;
        var now = Now;
        var version = new RosterVersion
        {
            ContractId = contractId,
            OrganizationId = organizationId,
            Number = number + 1,
            Status = RosterStatus.Draft,
            CreatedById = current.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.RosterVersions.Add(version);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            Fill(version, entries, contacts);
            Record(version, "roster.draft-created");
            await db.SaveChangesAsync(ct);
            return await ViewAsync(version, ct);
        }, ct);
    }

    /// <summary>Replaces a draft's content. A submitted version never changes (409): start a new draft instead.</summary>
    public async Task<RosterVersionDto> UpdateDraftAsync(long contractId, int number, UpdateRosterRequest input, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        var version = await LoadAsync(contractId, number, access, tracked: true, ct);
        RequireDraft(version);
        var (entries, contacts, note) = RosterValidation.Validate(input);
        db.RosterEntries.RemoveRange(version.Entries);
        db.RosterEmergencyContacts.RemoveRange(version.EmergencyContacts);
        version.Entries = [];
        version.EmergencyContacts = [];
        Fill(version, entries, contacts);
        (version.Note, version.UpdatedAt) = (note, Now);
        Record(version, "roster.updated");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(version, ct);
    }

    /// <summary>Submits a draft: it becomes read-only and a roster (first) or roster-change notice is submitted with it.</summary>
    public async Task<RosterVersionDto> SubmitAsync(long contractId, int number, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        await RequireOpenAsync(contractId, ct);
        var version = await LoadAsync(contractId, number, access, tracked: true, ct);
        RequireDraft(version);
        if (version.Entries.Count == 0)
        {
            throw new RequestValidationException("entries", "名簿に従事者を1人以上記載してください。");
        }

        RequireComplete(version);

        var first = !await db.RosterVersions.AnyAsync(v => v.ContractId == contractId && v.OrganizationId == version.OrganizationId && v.Status != RosterStatus.Draft, ct);
        var now = Now;
        (version.Status, version.SubmittedAt, version.SubmittedById, version.UpdatedAt) = (RosterStatus.Submitted, now, current.Id, now);
        var party = version.OrganizationId is { } org ? await db.Organizations.Where(o => o.Id == org).Select(o => o.Name).FirstAsync(ct) : null;
        var notice = notices.AddForRoster(version, first, party);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            Record(version, "roster.submitted", new { noticeId = notice.Id, noticeKind = notice.Kind });
            await notices.RecordSubmittedAsync(notice, ct);
            await db.SaveChangesAsync(ct);
            return await ViewAsync(version, ct);
        }, ct);
    }

    /// <summary>
    /// What G4 and S3(2) require of a submitted roster: 「業務遂行の上の管理を行う責任者、成果物の内容を監査する監督者
    /// 並びに業務の履行を行う作業者及び作業範囲」(G4) and each person's 「業務執行場所」(S3(2)①②). A subcontractor's
    /// own roster names its 「セキュリティ責任者及び本業務の従事者」(G14-3): a 責任者, no 監督者 required.
    /// </summary>
    private static void RequireComplete(RosterVersion version)
    {
        var errors = new Dictionary<string, string[]>();
        var entries = version.Entries.OrderBy(e => e.Position).ToList();
        var roles = new List<string>();
        if (entries.All(e => e.Role != RosterRole.Responsible))
        {
            roles.Add("責任者");
        }

        if (version.OrganizationId is null && entries.All(e => e.Role != RosterRole.Supervisor))
        {
            roles.Add("監督者");
        }

        if (roles.Count > 0)
        {
            errors["entries"] = [$"名簿に{string.Join("と", roles)}を記載してください（第4条）。"];
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(entries[i].WorkScope))
            {
                errors[$"entries[{i}].workScope"] = ["作業範囲を入力してください（第4条）。"];
            }

            if (string.IsNullOrWhiteSpace(entries[i].WorkLocation))
            {
                errors[$"entries[{i}].workLocation"] = ["作業場所（業務執行場所）を入力してください。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    /// <summary>Decrypts, computes the change from the previous submitted version, and records the view.</summary>
    private async Task<RosterVersionDto> ViewAsync(RosterVersion version, CancellationToken ct)
    {
        var (entries, contacts) = Decrypt(version);
        var previous = await db.RosterVersions.AsNoTracking().Include(v => v.Entries).Include(v => v.EmergencyContacts)
            .Where(v => v.ContractId == version.ContractId && v.OrganizationId == version.OrganizationId && v.Number < version.Number && v.Status != RosterStatus.Draft)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var (before, contactsBefore) = previous is null ? ([], []) : Decrypt(previous);
        var changes = RosterDiff.Compute(previous?.Number, before, entries, contactsBefore, contacts);
        audit.Record("roster.viewed", nameof(RosterVersion), version.Id.ToString(CultureInfo.InvariantCulture), version.ContractId,
            new { version = version.Number, status = version.Status, previous = previous?.Number });
        await db.SaveChangesAsync(ct);
        var summary = (await SummariesAsync([version], new() { [version.Id] = entries.Count }, ct))[0];
        return new RosterVersionDto(summary, entries, contacts, changes);
    }

    private (List<RosterEntryDto>, List<EmergencyContactDto>) Decrypt(RosterVersion v) =>
    (
        v.Entries.OrderBy(e => e.Position).Select(e => new RosterEntryDto(
            e.PersonKey, cipher.Decrypt(e.NameCipher, EntryContext(v.Id, e.PersonKey, "name")), e.Role, e.Responsibilities, e.WorkScope,
            e.WorkLocation, e.HandlesPersonalInformation, e.HandlesMedia, cipher.DecryptOptional(e.ContactCipher, EntryContext(v.Id, e.PersonKey, "contact")))).ToList(),
        v.EmergencyContacts.OrderBy(c => c.Position).Select(c => new EmergencyContactDto(
            c.PersonKey, cipher.Decrypt(c.NameCipher, ContactContext(v.Id, c.PersonKey, "name")), cipher.Decrypt(c.PhoneCipher, ContactContext(v.Id, c.PersonKey, "phone")), c.Role, c.Hours)).ToList()
    );

    /// <summary>Adds the people to a version that has its id (the id is part of each ciphertext's associated data).</summary>
    private void Fill(RosterVersion version, IReadOnlyList<RosterEntryDto> entries, IReadOnlyList<EmergencyContactDto> contacts)
    {
        foreach (var (e, i) in entries.Select((e, i) => (e, i)))
        {
            version.Entries.Add(new RosterEntry
            {
                RosterVersionId = version.Id,
                Position = i,
                PersonKey = e.Key,
                NameCipher = cipher.Encrypt(e.Name, EntryContext(version.Id, e.Key, "name")),
                ContactCipher = cipher.EncryptOptional(e.Contact, EntryContext(version.Id, e.Key, "contact")),
                Role = e.Role,
                Responsibilities = e.Responsibilities,
                WorkScope = e.WorkScope,
                WorkLocation = e.WorkLocation,
                HandlesPersonalInformation = e.HandlesPersonalInformation,
                HandlesMedia = e.HandlesMedia,
            });
        }

        foreach (var (c, i) in contacts.Select((c, i) => (c, i)))
        {
            version.EmergencyContacts.Add(new RosterEmergencyContact
            {
                RosterVersionId = version.Id,
                Position = i,
                PersonKey = c.Key,
                NameCipher = cipher.Encrypt(c.Name, ContactContext(version.Id, c.Key, "name")),
                PhoneCipher = cipher.Encrypt(c.Phone, ContactContext(version.Id, c.Key, "phone")),
                Role = c.Role,
                Hours = c.Hours,
            });
        }
    }

    /// <summary>Associated data of an entry's encrypted column: the ciphertext belongs to this version, person and column only.</summary>
    public static string EntryContext(long versionId, Guid key, string column) => $"roster:{versionId}:entry:{key:N}:{column}";

    public static string ContactContext(long versionId, Guid key, string column) => $"roster:{versionId}:emergency:{key:N}:{column}";

    private async Task<RosterVersion> LoadAsync(long contractId, int number, ContractAccess access, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.RosterVersions : db.RosterVersions.AsNoTracking();
        var version = await query.Include(v => v.Entries).Include(v => v.EmergencyContacts)
            .FirstOrDefaultAsync(v => v.ContractId == contractId && v.Number == number, ct);
        // A draft is the contractor's own until submitted.
        return version is null || (version.Status == RosterStatus.Draft && !access.IsContractorSide)
            ? throw new NotFoundException("名簿の版が見つかりません。")
            : version;
    }

    private static void RequireDraft(RosterVersion version)
    {
        if (version.Status != RosterStatus.Draft)
        {
            throw new ConflictException("提出済みの名簿の版は変更できません。変更するときは新しい版を作成して提出してください。");
        }
    }

    private async Task RequireOpenAsync(long contractId, CancellationToken ct)
    {
        if (await db.Contracts.AnyAsync(c => c.Id == contractId && c.Status == ContractStatus.Closed, ct))
        {
            throw new ConflictException("終了した契約の名簿は変更できません。");
        }
    }

    private async Task<List<RosterVersionSummaryDto>> SummariesAsync(List<RosterVersion> versions, Dictionary<long, int> counts, CancellationToken ct)
    {
        var userIds = versions.SelectMany(v => new[] { v.SubmittedById, v.AcknowledgedById }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var ids = versions.Select(v => v.Id).ToList();
        var noticeIds = await db.Notices.AsNoTracking().Where(n => n.RosterVersionId != null && ids.Contains(n.RosterVersionId.Value))
            .ToDictionaryAsync(n => n.RosterVersionId!.Value, n => n.Id, ct);
        var orgIds = versions.Select(v => v.OrganizationId).OfType<long>().Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        string? Name(Guid? id) => id is { } g ? names.GetValueOrDefault(g) : null;
        return versions.Select(v => new RosterVersionSummaryDto(
            v.Id, v.Number, v.Status, counts.GetValueOrDefault(v.Id), v.Note, v.CreatedAt, v.SubmittedAt, Name(v.SubmittedById),
            v.AcknowledgedAt, Name(v.AcknowledgedById), noticeIds.TryGetValue(v.Id, out var n) ? n : null,
            v.OrganizationId, v.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null)).ToList();
    }

    /// <summary>What the audit trail keeps of a change: counts and plain fields, never a name or contact.</summary>
    private void Record(RosterVersion version, string action, object? extra = null) =>
        audit.Record(action, nameof(RosterVersion), version.Id.ToString(CultureInfo.InvariantCulture), version.ContractId, new
        {
            version = version.Number,
            organizationId = version.OrganizationId,
            status = version.Status,
            entries = version.Entries.Count,
            emergencyContacts = version.EmergencyContacts.Count,
            notice = extra,
        });

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
