using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Documents;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Attestations;

/// <summary>
/// Attestations of one contract. The Responsible submits (<see cref="ContractOperations.Attest"/>), the
/// Owner accepts or returns (<see cref="ContractOperations.DecideAttestation"/>), whoever reads the
/// contract reads them; access goes through <see cref="ContractService.RequireAsync"/>, so another
/// contract's attestation is a 404. Each change commits with its audit event.
/// </summary>
public sealed class AttestationService(
    ItakuDbContext db, ContractService contracts, AuditTrail audit, CurrentUser current, TimeProvider time,
    AttachmentCipher cipher, IOptions<AttachmentSettings> settings, ObligationTaxonomy taxonomy,
    DocumentService documents, NotificationService notifications)
{
    public const int MaxStatement = 4000;
    public const int MaxComment = 1000;
    public const string RecordType = "attestation";

    public async Task<List<AttestationDto>> ListAsync(long contractId, string? obligationKey, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var query = db.Set<Attestation>().AsNoTracking().Where(a => a.ContractId == contractId);
        if (!string.IsNullOrEmpty(obligationKey))
        {
            query = query.Where(a => a.ObligationKey == obligationKey);
        }

        return await query.OrderByDescending(a => a.Id).Select(ToDto()).ToListAsync(ct);
    }

    public async Task<AttestationDto> GetAsync(long contractId, long id, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await FindAsync(contractId, id, ct);
    }

    /// <summary>
    /// The keys of the contract's frozen provision set that an attestation can evidence: record type
    /// <c>attestation</c> and not declared not applicable by the Owner.
    /// </summary>
    public async Task<List<AttestableObligationDto>> AttestableAsync(long contractId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await AttestableKeysAsync(contractId, ct);
    }

    /// <summary>Refuses a caller who may not submit (or a closed contract) before a request body is read.</summary>
    public async Task EnsureCanSubmitAsync(long contractId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Attest, ct);
        await RefuseClosedAsync(contractId, ct);
    }

    public async Task<AttestationDto> SubmitAsync(long contractId, AttestationSubmission submission, IReadOnlyList<UploadedFile> files, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Attest, ct);
        await RefuseClosedAsync(contractId, ct);
        var errors = new Dictionary<string, string[]>();
        var key = submission.ObligationKey?.Trim() ?? "";
        if (key.Length == 0)
        {
            errors["obligationKey"] = ["対象の義務を選んでください。"];
        }
        else if (!(await AttestableKeysAsync(contractId, ct)).Any(o => o.Key == key))
        {
            errors["obligationKey"] = [$"義務 {key} は、この契約で遵守確認により証明する義務ではありません（特記事項にない、証跡の種類が違う、または対象外とされています）。"];
        }

        var statement = submission.Statement?.Trim() ?? "";
        if (statement.Length == 0)
        {
            errors["statement"] = ["遵守状況の説明を入力してください。"];
        }
        else if (statement.Length > MaxStatement)
        {
            errors["statement"] = [$"説明は{MaxStatement}文字以内で入力してください。"];
        }

        if (submission.ValidFrom is null)
        {
            errors["validFrom"] = ["有効期間の開始日を入力してください。"];
        }

        if (submission.ValidUntil is null)
        {
            errors["validUntil"] = ["有効期間の終了日を入力してください。"];
        }
        else if (submission.ValidFrom is { } from && submission.ValidUntil < from)
        {
            errors["validUntil"] = ["有効期間の終了日は開始日以降にしてください。"];
        }

        if (submission.BasedOnId is { } basedOn
            && !await db.Set<Attestation>().AnyAsync(a => a.Id == basedOn && a.ContractId == contractId && a.ObligationKey == key && a.Status == AttestationStatus.Returned, ct))
        {
            errors["basedOnId"] = ["再提出の元には、この契約の同じ義務について差し戻された遵守確認を指定してください。"];
        }

        var checkedFiles = await CheckFilesAsync(files, errors, ct);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var attestation = new Attestation
        {
            ContractId = contractId,
            ObligationKey = key,
            Statement = statement,
            ValidFrom = submission.ValidFrom!.Value,
            ValidUntil = submission.ValidUntil!.Value,
            Status = AttestationStatus.Submitted,
            BasedOnId = submission.BasedOnId,
            SubmittedById = current.Id,
            SubmittedAt = AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime),
        };
        var id = await db.InTransactionAsync(async () =>
        {
            db.Add(attestation);
            await db.SaveChangesAsync(ct);
            for (var i = 0; i < checkedFiles.Count; i++)
            {
                var f = checkedFiles[i];
                var (nonce, sealedBytes) = cipher.Encrypt(f.Content, attestation.Id, i);
                attestation.Attachments.Add(new AttestationAttachment
                {
                    Ordinal = i, FileName = f.Name, ContentType = f.ContentType, Size = f.Content.Length, Sha256 = f.Sha256,
                    Nonce = nonce, Ciphertext = sealedBytes, KeyId = cipher.KeyId,
                });
            }

            audit.Record("attestation.submitted", nameof(Attestation), Id(attestation.Id), contractId, new
            {
                obligationKey = key,
                validFrom = attestation.ValidFrom,
                validUntil = attestation.ValidUntil,
                basedOnId = attestation.BasedOnId,
                attachments = checkedFiles.Select(f => new { fileName = f.Name, contentType = f.ContentType, size = f.Content.Length, sha256 = f.Sha256 }),
            });
            await db.SaveChangesAsync(ct);
            await PaperworkAsync(attestation, ct);
            await db.SaveChangesAsync(ct);
            return attestation.Id;
        }, ct);
        db.ChangeTracker.Clear(); // the ciphertext need not stay in memory with the tracked entities
        return await FindAsync(contractId, id, ct);
    }

    public Task<AttestationDto> AcceptAsync(long contractId, long id, AcceptAttestationRequest? request, CancellationToken ct)
    {
        var comment = string.IsNullOrWhiteSpace(request?.Comment) ? null : request.Comment.Trim();
        if (comment?.Length > MaxComment)
        {
            throw new RequestValidationException("comment", $"コメントは{MaxComment}文字以内で入力してください。");
        }

        return DecideAsync(contractId, id, AttestationStatus.Accepted, comment, ct);
    }

    public Task<AttestationDto> ReturnAsync(long contractId, long id, ReturnAttestationRequest? request, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            throw new RequestValidationException("reason", "差し戻す理由を入力してください。");
        }

        if (reason.Length > MaxComment)
        {
            throw new RequestValidationException("reason", $"理由は{MaxComment}文字以内で入力してください。");
        }

        return DecideAsync(contractId, id, AttestationStatus.Returned, reason, ct);
    }

    /// <summary>Decrypts an attachment and checks it against the SHA-256 recorded at submission.</summary>
    public async Task<AttachmentContent> DownloadAsync(long contractId, long id, long attachmentId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var file = await db.Set<AttestationAttachment>().AsNoTracking()
            .Where(f => f.Id == attachmentId && f.AttestationId == id && db.Set<Attestation>().Any(a => a.Id == id && a.ContractId == contractId))
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("添付ファイルが見つかりません。");
        var plaintext = cipher.Decrypt(file);
        if (Convert.ToHexStringLower(SHA256.HashData(plaintext)) != file.Sha256)
        {
            throw new CryptographicException($"Attachment {file.Id} does not match its recorded SHA-256.");
        }

        return new AttachmentContent(file.FileName, file.ContentType, plaintext);
    }

    private async Task<AttestationDto> DecideAsync(long contractId, long id, AttestationStatus outcome, string? comment, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.DecideAttestation, ct);
        var status = await db.Set<Attestation>().Where(a => a.Id == id && a.ContractId == contractId).Select(a => (AttestationStatus?)a.Status).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("遵守確認が見つかりません。");
        await RefuseClosedAsync(contractId, ct);
        var now = AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
        var decider = current.Id;
        await db.InTransactionAsync(async () =>
        {
            // Conditional on the status, so two decisions racing cannot both succeed.
            var changed = status == AttestationStatus.Submitted && await db.Set<Attestation>()
                .Where(a => a.Id == id && a.Status == AttestationStatus.Submitted)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, outcome)
                    .SetProperty(a => a.DecidedById, decider)
                    .SetProperty(a => a.DecidedAt, now)
                    .SetProperty(a => a.DecisionComment, comment), ct) == 1;
            if (!changed)
            {
                throw new ConflictException("この遵守確認は既に受理または差し戻されています。");
            }

            audit.Record(outcome == AttestationStatus.Accepted ? "attestation.accepted" : "attestation.returned", nameof(Attestation), Id(id), contractId,
                outcome == AttestationStatus.Accepted ? new { comment } : new { reason = comment });
            await db.SaveChangesAsync(ct);
            await PaperworkAsync(await db.Set<Attestation>().AsNoTracking().FirstAsync(a => a.Id == id, ct), ct);
            return await db.SaveChangesAsync(ct);
        }, ct);
        return await FindAsync(contractId, id, ct);
    }

    /// <summary>
    /// 書面主義 (S2): an attestation is a numbered letter to the client listing its attachments by name, size
    /// and SHA-256; the Owner's decision is a letter back. The other side finds each in its inbox.
    /// </summary>
    private async Task PaperworkAsync(Attestation a, CancellationToken ct)
    {
        var parties = await DocumentParties.ForContractAsync(db, a.ContractId, ct);
        var duty = taxonomy.Find(a.ObligationKey)?.Ja ?? a.ObligationKey;
        var period = $"{a.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}〜{a.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var link = $"/Contracts/{Id(a.ContractId)}/Attestations/{Id(a.Id)}";
        var related = new RelatedRecord(nameof(Attestation), Id(a.Id));
        if (a.Status == AttestationStatus.Submitted)
        {
            await documents.IssueAsync(new OfficialDocumentDraft(a.ContractId, "attestation.submitted", "情報セキュリティ対策の遵守確認書", parties.ClientAddressee, parties.ContractorSender,
                [new("義務", $"{duty}（{a.ObligationKey}）"), new("確認の内容", a.Statement), new("有効期間", period)])
            {
                Paragraphs = ["情報セキュリティ特記事項に定める下記の事項を遵守していることを確認します。"],
                Attachments = a.Attachments.OrderBy(f => f.Ordinal).Select(f => new DocumentAttachment(f.FileName, f.Size, f.Sha256)).ToList(),
                Related = related,
            }, ct);
            await notifications.NotifyOtherSideAsync(a.ContractId, new NotificationMessage("attestation.submitted", $"遵守確認が提出されました：{duty}", "内容と添付資料を確認し、受理または差戻しをしてください。", link, a.ContractId), ct);
            return;
        }

        var accepted = a.Status == AttestationStatus.Accepted;
        List<DocumentField> items = [new("義務", $"{duty}（{a.ObligationKey}）"), new("有効期間", period), new("判断", accepted ? "受理" : "差戻し")];
        if (a.DecisionComment is { } comment)
        {
            items.Add(new(accepted ? "コメント" : "差戻しの理由", comment));
        }

        await documents.IssueAsync(new OfficialDocumentDraft(a.ContractId, accepted ? "attestation.accepted" : "attestation.returned",
            accepted ? "遵守確認書の受理について（通知）" : "遵守確認書の差戻しについて（通知）", parties.ContractorAddressee, parties.ClientSender, items)
        {
            Paragraphs = [accepted ? "提出のあった遵守確認書を、下記のとおり受理しました。" : "提出のあった遵守確認書を、下記の理由により差し戻します。"],
            Related = related,
        }, ct);
        await notifications.NotifyOtherSideAsync(a.ContractId, new NotificationMessage(accepted ? "attestation.accepted" : "attestation.returned",
            accepted ? $"遵守確認が受理されました：{duty}" : $"遵守確認が差し戻されました：{duty}", accepted ? "受理の通知書を確認してください。" : "理由を確認し、改めて提出してください。", link, a.ContractId), ct);
    }

    private async Task RefuseClosedAsync(long contractId, CancellationToken ct)
    {
        if (await db.Contracts.AnyAsync(c => c.Id == contractId && c.Status == ContractStatus.Closed, ct))
        {
            throw new ConflictException("終了した契約の遵守確認は提出・判断できません。");
        }
    }

    private async Task<List<AttestableObligationDto>> AttestableKeysAsync(long contractId, CancellationToken ct)
    {
        var json = await db.ContractProvisionSnapshots.AsNoTracking().Where(s => s.ContractId == contractId).Select(s => s.Json).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return [];
        }

        var notApplicable = await db.NotApplicableObligations.AsNoTracking().Where(n => n.ContractId == contractId).Select(n => n.ObligationKey).ToListAsync(ct);
        return ProvisionSetReader.Deserialize(json).Articles
            .SelectMany(a => a.Obligations)
            .Where(o => o.Evidence.RecordType == RecordType && !notApplicable.Contains(o.Key))
            .Select(o => o.Key)
            .Distinct(StringComparer.Ordinal)
            .Select(k => new AttestableObligationDto(k, taxonomy.Find(k)?.Description.Current ?? k))
            .ToList();
    }

    private async Task<List<CheckedFile>> CheckFilesAsync(IReadOnlyList<UploadedFile> files, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var limits = settings.Value;
        var problems = new List<string>();
        var result = new List<CheckedFile>();
        if (files.Count > limits.MaxFiles)
        {
            errors["files"] = [$"添付できるファイルは{limits.MaxFiles}個までです。"];
            return result;
        }

        foreach (var file in files)
        {
            var name = CleanName(file.FileName);
            if (name is null)
            {
                problems.Add("ファイル名が正しくありません（255文字以内、制御文字を含まない名前にしてください）。");
                continue;
            }

            if (file.Length > limits.MaxBytes)
            {
                problems.Add($"ファイル「{name}」は大きすぎます。1ファイル{Size(limits.MaxBytes)}（{limits.MaxBytes:N0}バイト）以下にしてください。");
                continue;
            }

            if (file.Length == 0)
            {
                problems.Add($"ファイル「{name}」は空です。");
                continue;
            }

            var content = new byte[file.Length];
            await using (var stream = file.Open())
            {
                await stream.ReadExactlyAsync(content, ct);
            }

            var type = AttachmentTypes.Detect(content, name);
            if (type is null)
            {
                problems.Add($"ファイル「{name}」の内容が拡張子と合わないか、受け付けない形式です。受け付ける形式：PDF、PNG、JPEG、Word・Excel・PowerPoint（docx・xlsx・pptx）、テキスト・CSV（UTF-8）。");
                continue;
            }

            result.Add(new CheckedFile(name, type, content, Convert.ToHexStringLower(SHA256.HashData(content))));
        }

        if (problems.Count > 0)
        {
            errors["files"] = [.. problems];
        }

        return result;
    }

    /// <summary>The last segment of the name the browser sent (some send a full Windows path), or null when unusable.</summary>
    private static string? CleanName(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        return name.Length is > 0 and <= 255 && !name.Any(char.IsControl) && name is not "." and not ".." ? name : null;
    }

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");

    private async Task<AttestationDto> FindAsync(long contractId, long id, CancellationToken ct) =>
        await db.Set<Attestation>().AsNoTracking().Where(a => a.Id == id && a.ContractId == contractId).Select(ToDto()).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("遵守確認が見つかりません。");

    /// <summary>The DTO as a projection: attachments' metadata without their ciphertext, names joined in.</summary>
    private Expression<Func<Attestation, AttestationDto>> ToDto() => a => new AttestationDto(
        a.Id, a.ContractId, a.ObligationKey, a.Statement, a.ValidFrom, a.ValidUntil, a.Status, a.BasedOnId,
        a.SubmittedById, db.Users.Where(u => u.Id == a.SubmittedById).Select(u => u.DisplayName).FirstOrDefault(), a.SubmittedAt,
        a.DecidedById, db.Users.Where(u => u.Id == a.DecidedById).Select(u => u.DisplayName).FirstOrDefault(), a.DecidedAt, a.DecisionComment,
        a.Attachments.OrderBy(f => f.Ordinal).Select(f => new AttachmentDto(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256)).ToList());

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record CheckedFile(string Name, string ContentType, byte[] Content, string Sha256);
}
