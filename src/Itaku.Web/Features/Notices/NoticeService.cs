using Itaku.Web.Features.Compliance;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Documents;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Features.Roster;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Notices;

/// <summary>
/// Notices (届出・報告): the contractor's 責任者 or 監督者 submits (<see cref="ContractOperations.SubmitRequests"/>),
/// the client's Owner or Reviewer acknowledges once (<see cref="ContractOperations.DecideRequests"/>);
/// everyone who reads the contract reads them. Roster notices are made by <see cref="RosterService"/>
/// when a version is submitted, and acknowledging one acknowledges that version. Every step is in the
/// audit trail with the SHA-256 of what was submitted.
/// </summary>
public sealed class NoticeService(
    ItakuDbContext db, ContractService contracts, DocumentService documents, NotificationService notifications, AuditTrail audit, CurrentUser current, TimeProvider time, ProvisionCitations citations)
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 4000;

    public async Task<List<NoticeDto>> ListAsync(long contractId, string? kind, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var query = db.Notices.AsNoTracking().Where(n => n.ContractId == contractId);
        if (kind is not null)
        {
            query = query.Where(n => n.Kind == kind);
        }

        return await ToDtosAsync(await query.OrderByDescending(n => n.Id).ToListAsync(ct), ct);
    }

    public async Task<NoticeDto> GetAsync(long contractId, long noticeId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var notice = await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId && n.ContractId == contractId, ct)
            ?? throw new NotFoundException("届出が見つかりません。");
        return (await ToDtosAsync([notice], ct))[0];
    }

    public async Task<NoticeDto> SubmitAsync(long contractId, SubmitNoticeRequest input, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        await RequireOpenAsync(contractId, ct);
        var errors = new Dictionary<string, string[]>();
        var kind = NoticeKinds.Find(input.Kind);
        if (kind is null || kind.ByRosterOnly)
        {
            var manual = NoticeKinds.All.Where(k => !k.ByRosterOnly).Select(k => k.Key);
            errors["kind"] = [kind is null
                ? $"届出の種類を指定してください（{string.Join("、", manual)}）。"
                : "従事者名簿の届出は、名簿の版を提出すると作られます。"];
        }

        var title = (input.Title ?? "").Trim();
        if (title.Length == 0)
        {
            errors["title"] = ["件名を入力してください。"];
        }
        else if (title.Length > MaxTitleLength)
        {
            errors["title"] = [$"件名は{MaxTitleLength}文字以内で入力してください。"];
        }
        else if (!SingleLineAttribute.IsSingleLine(title))
        {
            errors["title"] = [SingleLineAttribute.Message];
        }

        var body = (input.Body ?? "").Trim();
        if (body.Length > MaxBodyLength)
        {
            errors["body"] = [$"本文は{MaxBodyLength}文字以内で入力してください。"];
        }

        var fields = new JsonObject();
        foreach (var f in kind?.Fields ?? [])
        {
            var value = input.Fields?[f.Name] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : "";
            if (value.Length == 0 && f.Required)
            {
                errors[$"fields.{f.Name}"] = [$"{f.Ja}を入力してください。"];
            }
            else if (value.Length > MaxBodyLength)
            {
                errors[$"fields.{f.Name}"] = [$"{f.Ja}は{MaxBodyLength}文字以内で入力してください。"];
            }

            fields[f.Name] = value;
        }

        foreach (var name in input.Fields?.Select(p => p.Key) ?? [])
        {
            if (kind is not null && kind.Fields.All(f => f.Name != name))
            {
                errors[$"fields.{name}"] = ["この届出にない項目です。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var notice = New(contractId, kind!.Key, title, body, fields.ToJsonString(), rosterVersionId: null);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await RecordSubmittedAsync(notice, ct);
            await db.SaveChangesAsync(ct);
            return (await ToDtosAsync([notice], ct))[0];
        }, ct);
    }

    /// <summary>
    /// Adds the notice that submits a roster version (saved by the caller, in its transaction; the
    /// version must already have its id). The first version is a roster notice, later ones roster changes.
    /// </summary>
    public Notice AddForRoster(RosterVersion version, bool first, string? subcontractor = null)
    {
        var kind = first ? NoticeKinds.Roster : NoticeKinds.RosterChange;
        var whose = subcontractor is null ? "" : $"再委託先「{subcontractor}」の";
        var title = first ? $"{whose}従事者名簿（第{version.Number}版）の届出" : $"{whose}従事者名簿の変更（第{version.Number}版）の届出";
        return New(version.ContractId, kind, title, version.Note ?? "", "{}", version.Id);
    }

    /// <summary>
    /// Records a submitted notice once it has its id (also those added with <see cref="AddForRoster"/>):
    /// the audit event, the numbered letter to the client and the client's inbox — saved by the caller.
    /// </summary>
    public async Task RecordSubmittedAsync(Notice notice, CancellationToken ct)
    {
        Record(notice, "notice.submitted");
        await PaperworkAsync(notice, ct);
    }

    public async Task<NoticeDto> AcknowledgeAsync(long contractId, long noticeId, AcknowledgeNoticeRequest input, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.DecideRequests, ct);
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == noticeId && n.ContractId == contractId, ct)
            ?? throw new NotFoundException("届出が見つかりません。");
        if (notice.AcknowledgedAt is not null)
        {
            throw new ConflictException("この届出はすでに受理されています。");
        }

        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment?.Length > MaxBodyLength)
        {
            throw new RequestValidationException("comment", $"コメントは{MaxBodyLength}文字以内で入力してください。");
        }

        var now = time.GetUtcNow().UtcDateTime;
        (notice.AcknowledgedAt, notice.AcknowledgedById, notice.AcknowledgementComment) = (now, current.Id, comment);
        if (notice.RosterVersionId is { } versionId)
        {
            var version = await db.RosterVersions.SingleAsync(v => v.Id == versionId, ct);
            (version.Status, version.AcknowledgedAt, version.AcknowledgedById, version.UpdatedAt) = (RosterStatus.Acknowledged, now, current.Id, now);
        }

        Record(notice, "notice.acknowledged", new { comment });
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await PaperworkAsync(notice, ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return (await ToDtosAsync([notice], ct))[0];
    }

    /// <summary>
    /// 書面主義: a notice is a numbered letter to the client, its acknowledgement (受理) a letter back. A
    /// roster letter carries no names or contacts — those stay encrypted in the roster — only the version.
    /// </summary>
    private async Task PaperworkAsync(Notice notice, CancellationToken ct)
    {
        var kind = NoticeKinds.Find(notice.Kind);
        var name = kind?.Ja ?? notice.Kind;
        var parties = await DocumentParties.ForContractAsync(db, notice.ContractId, ct);
        var link = string.Create(CultureInfo.InvariantCulture, $"/Contracts/{notice.ContractId}/Notices");
        var related = new RelatedRecord(nameof(Notice), notice.Id.ToString(CultureInfo.InvariantCulture));
        List<DocumentField> items = [new("件名", notice.Title)];
        if (notice.AcknowledgedAt is null)
        {
            var fields = JsonNode.Parse(notice.FieldsJson)!.AsObject();
            items.AddRange((kind?.Fields ?? []).Select(f => new DocumentField(f.Ja, fields[f.Name]?.ToString() is { Length: > 0 } v ? v : "—")));
            if (notice.RosterVersionId is { } versionId)
            {
                var version = await db.RosterVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => new { v.Number, People = db.RosterEntries.Count(e => e.RosterVersionId == v.Id) }).FirstAsync(ct);
                items.Add(new("名簿の版", string.Create(CultureInfo.InvariantCulture, $"第{version.Number}版（{version.People}名）")));
                items.Add(new("氏名・連絡先", "個人情報のため本書には記載せず、別に提出した従事者名簿（暗号化して保管）によります。"));
            }

            if (notice.Body.Length > 0)
            {
                items.Add(new("内容", notice.Body));
            }

            await documents.IssueAsync(new OfficialDocumentDraft(notice.ContractId, $"notice.{notice.Kind}.submitted", name, parties.ClientAddressee, parties.ContractorSender, items)
            {
                Paragraphs = [$"情報セキュリティ特記事項{(kind?.ObligationKey is { } obligation && await citations.ForObligationAsync(notice.ContractId, obligation, ct) is { } cited ? $"（{cited}）" : "")}に基づき、下記のとおり届け出ます。"],
                Related = related,
            }, ct);
            await notifications.NotifyOtherSideAsync(notice.ContractId, new NotificationMessage("notice.submitted", $"{name}が提出されました：{notice.Title}", "内容を確認し、受理してください。", link, notice.ContractId), ct);
        }
        else
        {
            items.Add(new("受理", "受理しました"));
            if (notice.AcknowledgementComment is { } comment)
            {
                items.Add(new("コメント", comment));
            }

            await documents.IssueAsync(new OfficialDocumentDraft(notice.ContractId, $"notice.{notice.Kind}.acknowledged", $"{name}の受理について（通知）", parties.ContractorAddressee, parties.ClientSender, items)
            {
                Paragraphs = ["提出のあった届出を、下記のとおり受理しました。"],
                Related = related,
            }, ct);
            await notifications.NotifyOtherSideAsync(notice.ContractId, new NotificationMessage("notice.acknowledged", $"{name}が受理されました：{notice.Title}", "受理の通知書を確認してください。", link, notice.ContractId), ct);
        }
    }

    private Notice New(long contractId, string kind, string title, string body, string fieldsJson, long? rosterVersionId)
    {
        var notice = new Notice
        {
            ContractId = contractId,
            Kind = kind,
            Title = title,
            Body = body,
            FieldsJson = fieldsJson,
            RosterVersionId = rosterVersionId,
            SubmittedById = current.Id,
            SubmittedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Notices.Add(notice);
        return notice;
    }

    private async Task RequireOpenAsync(long contractId, CancellationToken ct)
    {
        if (await db.Contracts.AnyAsync(c => c.Id == contractId && c.Status == ContractStatus.Closed, ct))
        {
            throw new ConflictException("終了した契約には届出できません。");
        }
    }

    private async Task<List<NoticeDto>> ToDtosAsync(List<Notice> notices, CancellationToken ct)
    {
        var userIds = notices.SelectMany(n => new[] { (Guid?)n.SubmittedById, n.AcknowledgedById }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var versionIds = notices.Select(n => n.RosterVersionId).OfType<long>().Distinct().ToList();
        var numbers = await db.RosterVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Number, ct);
        return notices.Select(n => new NoticeDto(
            n.Id, n.ContractId, n.Kind, NoticeKinds.Find(n.Kind)?.Ja ?? n.Kind, n.Title, n.Body, JsonNode.Parse(n.FieldsJson)!.AsObject(),
            n.RosterVersionId is { } v ? numbers.GetValueOrDefault(v) : null, n.SubmittedAt, names.GetValueOrDefault(n.SubmittedById) ?? "",
            n.AcknowledgedAt, n.AcknowledgedById is { } a ? names.GetValueOrDefault(a) : null, n.AcknowledgementComment)).ToList();
    }

    private void Record(Notice notice, string action, object? extra = null) =>
        audit.Record(action, nameof(Notice), notice.Id.ToString(CultureInfo.InvariantCulture), notice.ContractId, new
        {
            kind = notice.Kind,
            title = notice.Title,
            rosterVersionId = notice.RosterVersionId,
            contentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { notice.Body, notice.FieldsJson })))),
            acknowledgement = extra,
        });
}
