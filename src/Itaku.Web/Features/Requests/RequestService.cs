using Itaku.Web.Features.Compliance;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Documents;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Requests;

/// <summary>
/// Requests (申請) and their life: Draft → Submitted → Returned → (revised) Submitted … → Approved or
/// Rejected; Withdrawn before a decision. Only the contractor's 責任者 or 監督者 writes, submits and
/// withdraws (<see cref="ContractOperations.SubmitRequests"/>); only the client's Owner or Reviewer
/// decides (<see cref="ContractOperations.DecideRequests"/>). A submitted revision never changes; every
/// transition is in the audit trail and so in the evidence ledger. Drafts are the contractor's own:
/// the client side does not see them.
/// </summary>
public sealed class RequestService(
    ItakuDbContext db, ContractService contracts, DocumentService documents, NotificationService notifications, AuditTrail audit, CurrentUser current, TimeProvider time, ProvisionCitations basis)
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 4000;

    public async Task<List<RequestSummaryDto>> ListAsync(long contractId, string? kind, RequestStatus? status, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var query = db.Requests.AsNoTracking().Where(r => r.ContractId == contractId);
        if (!access.IsContractorSide)
        {
            query = query.Where(r => r.Status != RequestStatus.Draft);
        }

        if (kind is not null)
        {
            query = query.Where(r => r.Kind == kind);
        }

        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        var rows = await query.OrderByDescending(r => r.Id)
            .Select(r => new { r, Title = r.Revisions.Where(v => v.Number == r.Revision).Select(v => v.Title).First() })
            .ToListAsync(ct);
        return rows.Select(x => new RequestSummaryDto(x.r.Id, x.r.ContractId, x.r.Kind, KindOf(x.r).Ja, x.r.Status, x.r.Revision, x.Title, x.r.CreatedAt, x.r.UpdatedAt)).ToList();
    }

    public async Task<RequestDto> GetAsync(long contractId, long requestId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var request = await LoadAsync(contractId, requestId, access, tracked: false, ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> CreateAsync(long contractId, CreateRequestRequest input, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        await RequireOpenAsync(contractId, ct);
        var errors = new Dictionary<string, string[]>();
        var kind = RequestKinds.Find(input.Kind);
        if (kind is null)
        {
            errors["kind"] = [$"申請の種類を指定してください（{string.Join("、", RequestKinds.All.Select(k => k.Key))}）。"];
        }

        var title = Title(input.Title, errors);
        var fields = kind is null ? [] : RequestFields.Normalize(kind, input.Fields, input.Submit, errors);
        Throw(errors);

        var now = Now;
        var request = new Request
        {
            ContractId = contractId,
            Kind = kind!.Key,
            Status = input.Submit ? RequestStatus.Submitted : RequestStatus.Draft,
            Revision = 1,
            CreatedById = current.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var revision = NewRevision(1, title, fields, now);
        if (input.Submit)
        {
            (revision.SubmittedAt, revision.SubmittedById) = (now, current.Id);
        }

        request.Revisions.Add(revision);
        db.Requests.Add(request);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            Record(request, "request.created", revision);
            if (input.Submit)
            {
                Record(request, "request.submitted", revision);
                await PaperworkAsync(request, revision, ct);
            }

            await db.SaveChangesAsync(ct);
            return await ToDtoAsync(request, ct);
        }, ct);
    }

    /// <summary>Rewrites a draft, or starts (or rewrites) the next revision of a returned request.</summary>
    public async Task<RequestDto> UpdateAsync(long contractId, long requestId, UpdateRequestRequest input, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        var request = await LoadAsync(contractId, requestId, access, tracked: true, ct);
        if (request.Status is not (RequestStatus.Draft or RequestStatus.Returned))
        {
            throw new ConflictException("提出済み・決定済み・取下げ済みの申請は変更できません。差し戻された場合に限り、新しい版として修正できます。");
        }

        var errors = new Dictionary<string, string[]>();
        var title = Title(input.Title, errors);
        var fields = RequestFields.Normalize(KindOf(request), input.Fields, complete: false, errors);
        Throw(errors);

        var now = Now;
        var revision = Current(request);
        if (revision.SubmittedAt is not null)
        {
            // The returned revision stays as the client saw it; the correction is the next one.
            revision = NewRevision(request.Revision + 1, title, fields, now);
            request.Revision = revision.Number;
            request.Revisions.Add(revision);
        }
        else
        {
            (revision.Title, revision.FieldsJson, revision.CreatedAt) = (title, fields.ToJsonString(), now);
        }

        request.UpdatedAt = now;
        Record(request, "request.updated", revision);
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> SubmitAsync(long contractId, long requestId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        await RequireOpenAsync(contractId, ct);
        var request = await LoadAsync(contractId, requestId, access, tracked: true, ct);
        var revision = Current(request);
        if (request.Status is not (RequestStatus.Draft or RequestStatus.Returned))
        {
            throw new ConflictException("この申請は提出できる状態にありません。");
        }

        if (revision.SubmittedAt is not null)
        {
            throw new ConflictException("差し戻された申請は、修正して新しい版を作ってから再提出してください。");
        }

        var errors = new Dictionary<string, string[]>();
        RequestFields.Normalize(KindOf(request), JsonNode.Parse(revision.FieldsJson)!.AsObject(), complete: true, errors);
        Throw(errors);

        var now = Now;
        (revision.SubmittedAt, revision.SubmittedById) = (now, current.Id);
        (request.Status, request.UpdatedAt) = (RequestStatus.Submitted, now);
        Record(request, "request.submitted", revision);
        await SaveWithPaperworkAsync(request, revision, ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> WithdrawAsync(long contractId, long requestId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.SubmitRequests, ct);
        var request = await LoadAsync(contractId, requestId, access, tracked: true, ct);
        if (request.Status is not (RequestStatus.Draft or RequestStatus.Submitted or RequestStatus.Returned))
        {
            throw new ConflictException("決定済み・取下げ済みの申請は取り下げられません。");
        }

        (request.Status, request.UpdatedAt) = (RequestStatus.Withdrawn, Now);
        Record(request, "request.withdrawn", Current(request));
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> ReturnAsync(long contractId, long requestId, ReasonRequest input, CancellationToken ct)
    {
        var (request, revision) = await DecidableAsync(contractId, requestId, ct);
        var reason = Reason(input.Reason, "差戻しの理由を入力してください。");
        var now = Now;
        (revision.ReturnedAt, revision.ReturnedById, revision.ReturnReason) = (now, current.Id, reason);
        (request.Status, request.UpdatedAt) = (RequestStatus.Returned, now);
        Record(request, "request.returned", revision, new { reason });
        await SaveWithPaperworkAsync(request, revision, ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> ApproveAsync(long contractId, long requestId, ApproveRequest input, CancellationToken ct)
    {
        var (request, revision) = await DecidableAsync(contractId, requestId, ct);
        var errors = new Dictionary<string, string[]>();
        var conditions = string.IsNullOrWhiteSpace(input.Conditions) ? null : input.Conditions.Trim();
        if (conditions?.Length > MaxNoteLength)
        {
            errors["conditions"] = [$"条件は{MaxNoteLength}文字以内で入力してください。"];
        }

        if (input.ValidFrom is { } from && input.ValidUntil is { } until && until < from)
        {
            errors["validUntil"] = ["有効期限は有効期間の開始日以降にしてください。"];
        }

        Throw(errors);
        Decide(request, RequestStatus.Approved, conditions);
        (request.ValidFrom, request.ValidUntil) = (input.ValidFrom, input.ValidUntil);
        Record(request, "request.approved", revision, new { conditions, validFrom = input.ValidFrom, validUntil = input.ValidUntil });
        await db.InTransactionAsync(async () =>
        {
            if (request.Kind == "subcontracting")
            {
                await AddSubcontractorAsync(request, revision, ct);
            }

            await db.SaveChangesAsync(ct);
            await PaperworkAsync(request, revision, ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return await ToDtoAsync(request, ct);
    }

    public async Task<RequestDto> RejectAsync(long contractId, long requestId, ReasonRequest input, CancellationToken ct)
    {
        var (request, revision) = await DecidableAsync(contractId, requestId, ct);
        var reason = Reason(input.Reason, "却下の理由を入力してください。");
        Decide(request, RequestStatus.Rejected, reason);
        Record(request, "request.rejected", revision, new { reason });
        await SaveWithPaperworkAsync(request, revision, ct);
        return await ToDtoAsync(request, ct);
    }

    /// <summary>Saves a transition together with its official document and the other side's notification.</summary>
    private Task SaveWithPaperworkAsync(Request request, RequestRevision revision, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await PaperworkAsync(request, revision, ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);

    /// <summary>
    /// 書面主義 (S2): a submission is a numbered letter to the client, a decision a letter back, each with every
    /// field, issued in the same transaction as the transition; the other side finds it in its inbox.
    /// </summary>
    private async Task PaperworkAsync(Request request, RequestRevision revision, CancellationToken ct)
    {
        var kind = KindOf(request);
        var parties = await DocumentParties.ForContractAsync(db, request.ContractId, ct);
        var number = string.Create(CultureInfo.InvariantCulture, $"{request.Id}（第{revision.Number}版）");
        var link = string.Create(CultureInfo.InvariantCulture, $"/Contracts/{request.ContractId}/Requests/{request.Id}");
        var related = new RelatedRecord(nameof(Request), request.Id.ToString(CultureInfo.InvariantCulture));
        OfficialDocumentDraft draft;
        NotificationMessage message;
        if (request.Status == RequestStatus.Submitted)
        {
            var fields = JsonNode.Parse(revision.FieldsJson)!.AsObject();
            List<DocumentField> items = [new("件名", revision.Title), new("申請番号", number)];
            items.AddRange(kind.Fields.Select(f => new DocumentField(f.Ja, LetterValue(fields, f))));
            draft = new OfficialDocumentDraft(request.ContractId, $"{kind.RecordType}.submitted", $"{kind.Ja}承認申請書", parties.ClientAddressee, parties.ContractorSender, items)
            {
                Paragraphs = [revision.Number == 1
                    ? $"情報セキュリティ特記事項{((await basis.ForRequestKindsAsync(request.ContractId, ct)).GetValueOrDefault(kind.Key) is { Length: > 0 } cited ? $"（{cited}）" : "")}に基づき、下記のとおり承認を申請します。"
                    : "差戻しを受けて内容を修正し、下記のとおり改めて申請します。"],
                Related = related,
            };
            message = new NotificationMessage("request.submitted", $"{kind.Ja}の申請が提出されました：{revision.Title}", "内容を確認し、承認・差戻し・却下を決定してください。", link, request.ContractId);
        }
        else
        {
            // A decision cites the application it answers, by its document number and date, as a municipality's reply does.
            var application = await documents.LatestCitationAsync(request.ContractId, $"{kind.RecordType}.submitted", related, ct);
            var applied = application is { } a ? $"{a.Date}付け{a.Number}で申請のあった{kind.Ja}" : $"申請のあった{kind.Ja}";
            var (verb, paragraph) = request.Status switch
            {
                RequestStatus.Approved => ("承認", $"{applied}について、下記のとおり承認します。"),
                RequestStatus.Rejected => ("却下", $"{applied}について、下記の理由により承認しないこととしました。"),
                _ => ("差戻し", $"{applied}について、下記の理由により差し戻します。修正のうえ再提出してください。"),
            };
            List<DocumentField> items = [new("申請の件名", revision.Title), new("申請番号", number), new("決定", verb)];
            if (request.Status == RequestStatus.Returned)
            {
                items.Add(new("理由", revision.ReturnReason!));
            }
            else if (request.DecisionNote is { } note)
            {
                items.Add(new(request.Status == RequestStatus.Approved ? "条件" : "理由", note));
            }

            if (request.ValidFrom is not null || request.ValidUntil is not null)
            {
                items.Add(new("有効期間", documents.DocumentPeriod(request.ValidFrom, request.ValidUntil)));
            }

            draft = new OfficialDocumentDraft(request.ContractId, $"{kind.RecordType}.{request.Status.ToString().ToLowerInvariant()}", $"{kind.Ja}申請の{verb}について（通知）",
                parties.ContractorAddressee, parties.ClientSender, items)
            {
                Paragraphs = [paragraph],
                Related = related,
            };
            message = new NotificationMessage($"request.{request.Status.ToString().ToLowerInvariant()}", $"{kind.Ja}の申請が{verb}されました：{revision.Title}",
                request.Status == RequestStatus.Returned ? "理由を確認し、修正して再提出してください。" : "決定の内容と通知書を確認してください。", link, request.ContractId);
        }

        await documents.IssueAsync(draft, ct);
        await notifications.NotifyOtherSideAsync(request.ContractId, message, ct);
    }

    /// <summary>A field as the letter writes it: dates in the documents' date style (令和8年12月27日).</summary>
    private string LetterValue(JsonObject fields, RequestField field)
    {
        var shown = RequestFields.Display(fields, field);
        return shown.Length == 0 ? "—"
            : field.Type == RequestFieldType.Date && DateOnly.TryParseExact(shown, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? documents.DocumentDate(date)
                : shown;
    }

    /// <summary>
    /// An approved subcontracting request adds the subcontractor to the contract (G14-3): an
    /// organisation of kind Subcontractor under the contractor — the same one again if the contractor
    /// already named it — whose staff may then be made members of the contract.
    /// </summary>
    private async Task AddSubcontractorAsync(Request request, RequestRevision revision, CancellationToken ct)
    {
        var fields = JsonNode.Parse(revision.FieldsJson)!.AsObject();
        var name = fields["subcontractorName"]!.GetValue<string>();
        var address = fields["subcontractorAddress"]?.GetValue<string>();
        var contractorId = await db.Contracts.Where(c => c.Id == request.ContractId).Select(c => c.ContractorId).FirstAsync(ct);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Subcontractor && o.ParentId == contractorId && o.Name == name, ct);
        if (organization is null)
        {
            organization = db.Organizations.Add(new Organization { Kind = OrganizationKind.Subcontractor, Name = name, Address = address, ParentId = contractorId, CreatedAt = Now }).Entity;
            await db.SaveChangesAsync(ct);
            audit.Record("organization.created", nameof(Organization), organization.Id.ToString(CultureInfo.InvariantCulture), request.ContractId,
                new { organization.Kind, organization.Name, organization.Address, organization.ParentId, requestId = request.Id });
        }

        if (!await db.ContractSubcontractors.AnyAsync(s => s.ContractId == request.ContractId && s.OrganizationId == organization.Id, ct))
        {
            db.ContractSubcontractors.Add(new ContractSubcontractor { ContractId = request.ContractId, OrganizationId = organization.Id, RequestId = request.Id, AddedAt = Now });
            audit.Record("contract.subcontractor-added", nameof(ContractSubcontractor), organization.Id.ToString(CultureInfo.InvariantCulture), request.ContractId,
                new { organizationId = organization.Id, organization.Name, requestId = request.Id });
        }
    }

    private async Task<(Request, RequestRevision)> DecidableAsync(long contractId, long requestId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.DecideRequests, ct);
        var request = await LoadAsync(contractId, requestId, access, tracked: true, ct);
        if (request.Status != RequestStatus.Submitted)
        {
            throw new ConflictException("提出されている申請だけを決定できます。");
        }

        return (request, Current(request));
    }

    private void Decide(Request request, RequestStatus status, string? note)
    {
        var now = Now;
        (request.Status, request.DecidedAt, request.DecidedById, request.DecisionNote, request.UpdatedAt) = (status, now, current.Id, note, now);
    }

    private async Task<Request> LoadAsync(long contractId, long requestId, ContractAccess access, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Requests : db.Requests.AsNoTracking();
        var request = await query.Include(r => r.Revisions).FirstOrDefaultAsync(r => r.Id == requestId && r.ContractId == contractId, ct);
        // A draft is the contractor's own until submitted.
        return request is null || (request.Status == RequestStatus.Draft && !access.IsContractorSide)
            ? throw new NotFoundException("申請が見つかりません。")
            : request;
    }

    private async Task RequireOpenAsync(long contractId, CancellationToken ct)
    {
        if (await db.Contracts.AnyAsync(c => c.Id == contractId && c.Status == ContractStatus.Closed, ct))
        {
            throw new ConflictException("終了した契約には申請できません。");
        }
    }

    private async Task<RequestDto> ToDtoAsync(Request r, CancellationToken ct)
    {
        var userIds = r.Revisions.SelectMany(v => new[] { v.AuthorId, v.SubmittedById, v.ReturnedById }).Append(r.DecidedById)
            .OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(Guid? id) => id is { } g ? names.GetValueOrDefault(g) : null;
        var revisions = r.Revisions.OrderByDescending(v => v.Number).Select(v => new RequestRevisionDto(
            v.Number, v.Title, JsonNode.Parse(v.FieldsJson)!.AsObject(), Name(v.AuthorId) ?? "", v.CreatedAt,
            v.SubmittedAt, Name(v.SubmittedById), v.ReturnedAt, Name(v.ReturnedById), v.ReturnReason)).ToList();
        var letters = await documents.ListForRecordAsync(r.ContractId, new RelatedRecord(nameof(Request), r.Id.ToString(CultureInfo.InvariantCulture)), ct);
        return new RequestDto(r.Id, r.ContractId, r.Kind, KindOf(r).Ja, r.Status, revisions[0], revisions, r.CreatedAt, r.UpdatedAt,
            r.DecidedAt, Name(r.DecidedById), r.DecisionNote, r.ValidFrom, r.ValidUntil, letters);
    }

    private void Record(Request request, string action, RequestRevision revision, object? extra = null) =>
        audit.Record(action, nameof(Request), request.Id.ToString(CultureInfo.InvariantCulture), request.ContractId, new
        {
            kind = request.Kind,
            status = request.Status,
            revision = revision.Number,
            title = revision.Title,
            fieldsSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(revision.FieldsJson))),
            decision = extra,
        });

    private RequestRevision NewRevision(int number, string title, JsonObject fields, DateTime now) =>
        new() { Number = number, Title = title, FieldsJson = fields.ToJsonString(), AuthorId = current.Id, CreatedAt = now };

    private static RequestRevision Current(Request r) => r.Revisions.First(v => v.Number == r.Revision);

    private static RequestKind KindOf(Request r) => RequestKinds.Find(r.Kind) ?? throw new InvalidOperationException($"Unknown request kind {r.Kind}");

    private static string Title(string? title, Dictionary<string, string[]> errors)
    {
        var t = title?.Trim() ?? "";
        if (t.Length == 0)
        {
            errors["title"] = ["件名を入力してください。"];
        }
        else if (t.Length > MaxTitleLength)
        {
            errors["title"] = [$"件名は{MaxTitleLength}文字以内で入力してください。"];
        }
        else if (!SingleLineAttribute.IsSingleLine(t))
        {
            errors["title"] = [SingleLineAttribute.Message];
        }

        return t;
    }

    private static string Reason(string? reason, string missing)
    {
        var r = reason?.Trim() ?? "";
        return r.Length == 0 ? throw new RequestValidationException("reason", missing)
            : r.Length > MaxNoteLength ? throw new RequestValidationException("reason", $"理由は{MaxNoteLength}文字以内で入力してください。")
            : r;
    }

    private static void Throw(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
