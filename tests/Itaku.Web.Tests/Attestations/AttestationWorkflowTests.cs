using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>The Responsible attests, the Owner accepts or returns; nobody else does either, and every step is audited.</summary>
public sealed class AttestationWorkflowTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string One(long aid) => $"{Url(_world.ContractA)}/{aid}";

    [Fact]
    public async Task Responsible_Submits_OwnerReturns_ResponsibleResubmits_OwnerAccepts()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var owner = await _world.ClientAsync(_world.StaffA);

        var first = await SubmitAsync(responsible, _world.ContractA, files: ("誓約書.pdf", Pdf()));
        (first.Status, first.ObligationKey, first.SubmittedById, first.SubmittedBy).ShouldBe((AttestationStatus.Submitted, Key, _world.ResponsibleX.Id, "上州 一郎"));
        (first.ValidFrom, first.ValidUntil).ShouldBe((new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31)));

        var returned = await owner.PostAsJsonAsync($"{One(first.Id)}/return", new { reason = "  誓約書に日付がありません。 " }, Ct);
        returned.StatusCode.ShouldBe(HttpStatusCode.OK, await returned.Content.ReadAsStringAsync(Ct));
        var r = (await returned.Content.ReadFromJsonAsync<AttestationDto>(Ct))!;
        (r.Status, r.DecisionComment, r.DecidedById, r.DecidedBy).ShouldBe((AttestationStatus.Returned, "誓約書に日付がありません。", _world.StaffA.Id, "情報 花子"));
        r.DecidedAt.ShouldNotBeNull();

        var second = await SubmitAsync(responsible, _world.ContractA, basedOn: first.Id, files: ("誓約書（日付入り）.pdf", Pdf("日付入り")));
        second.BasedOnId.ShouldBe(first.Id);

        var accepted = await owner.PostAsJsonAsync($"{One(second.Id)}/accept", new { comment = "確認しました。" }, Ct);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadFromJsonAsync<AttestationDto>(Ct))!.Status.ShouldBe(AttestationStatus.Accepted);

        // The returned one stays readable, as it was; the list is newest first and filters by key.
        var list = (await owner.GetFromJsonAsync<List<AttestationDto>>($"{Url(_world.ContractA)}?obligationKey={Key}", Ct))!;
        list.Select(a => (a.Id, a.Status)).ShouldBe([(second.Id, AttestationStatus.Accepted), (first.Id, AttestationStatus.Returned)]);
        (await owner.GetFromJsonAsync<AttestationDto>(One(first.Id), Ct))!.DecisionComment.ShouldBe("誓約書に日付がありません。");
        (await owner.GetFromJsonAsync<List<AttestationDto>>($"{Url(_world.ContractA)}?obligationKey={OtherKey}", Ct))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryStep_IsInTheAuditTrail_WithTheAttachmentsHashes()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var owner = await _world.ClientAsync(_world.StaffA);
        var a = await SubmitAsync(responsible, _world.ContractA, files: [("一.pdf", Pdf()), ("二.png", Png())]);
        (await owner.PostAsJsonAsync($"{One(a.Id)}/return", new { reason = "写真が不鮮明" }, Ct)).EnsureSuccessStatusCode();
        var b = await SubmitAsync(responsible, _world.ContractA, basedOn: a.Id);
        (await owner.PostAsync($"{One(b.Id)}/accept", null, Ct)).EnsureSuccessStatusCode();

        var submitted = await _factory.AuditEventsAsync("attestation.submitted");
        submitted.Select(e => (e.SubjectId, e.ContractId, e.ActorId)).ShouldBe([(a.Id.ToString(), _world.ContractA, _world.ResponsibleX.Id), (b.Id.ToString(), _world.ContractA, _world.ResponsibleX.Id)]);
        var details = JsonDocument.Parse(submitted[0].Details!).RootElement;
        details.GetProperty("obligationKey").GetString().ShouldBe(Key);
        details.GetProperty("attachments").EnumerateArray().Select(f => (f.GetProperty("fileName").GetString(), f.GetProperty("sha256").GetString()))
            .ShouldBe(a.Attachments.Select(f => ((string?)f.FileName, (string?)f.Sha256)));
        JsonDocument.Parse(submitted[1].Details!).RootElement.GetProperty("basedOnId").GetInt64().ShouldBe(a.Id);
        var ret = (await _factory.AuditEventsAsync("attestation.returned")).ShouldHaveSingleItem();
        (ret.SubjectId, ret.ActorId).ShouldBe((a.Id.ToString(), _world.StaffA.Id));
        JsonDocument.Parse(ret.Details!).RootElement.GetProperty("reason").GetString().ShouldBe("写真が不鮮明");
        (await _factory.AuditEventsAsync("attestation.accepted")).ShouldHaveSingleItem().SubjectId.ShouldBe(b.Id.ToString());
        // Each event is also in the evidence ledger.
        (await _factory.AuditEventsAsync("attestation.submitted")).ShouldAllBe(e => e.LedgerIndex != null);

        // Each step is also a numbered letter; the submission lists its attachments by SHA-256.
        var letters = await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Documents.OfficialDocument>().AsNoTracking()
            .Where(d => d.RelatedType == "Attestation").OrderBy(d => d.Id).Select(d => new { d.Kind, d.Html }).ToListAsync(Ct));
        letters.Select(d => d.Kind).ShouldBe(["attestation.submitted", "attestation.returned", "attestation.submitted", "attestation.accepted"]);
        letters[0].Html.ShouldContain(a.Attachments[0].Sha256);
        letters[1].Html.ShouldContain("写真が不鮮明");
        // And the other side heard of each step.
        var inbox = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind.StartsWith("attestation.")).Select(n => new { n.RecipientId, n.Kind }).ToListAsync(Ct));
        inbox.Where(n => n.Kind == "attestation.submitted").ShouldAllBe(n => n.RecipientId == _world.StaffA.Id);
        inbox.Where(n => n.Kind != "attestation.submitted").ShouldAllBe(n => n.RecipientId == _world.ResponsibleX.Id);
        inbox.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Worker_Owner_Auditor_AndAdmin_CannotSubmit()
    {
        foreach (var user in new[] { _world.WorkerX, _world.StaffA, _world.Auditor, _world.Admin })
        {
            using var client = await _world.ClientAsync(user);
            using var form = Form(files: ("誓約書.pdf", Pdf()));
            (await client.PostAsync(Url(_world.ContractA), form, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user.Email);
        }

        using var y = await _world.ClientAsync(_world.ResponsibleY);
        using var other = Form();
        (await y.PostAsync(Url(_world.ContractA), other, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _factory.DbAsync(db => db.Set<Attestation>().CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Responsible_Worker_Auditor_AndAdmin_CannotAcceptOrReturn()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA);
        var colleague = await _world.UserAsync("staff-a2@pref.example.jp", "情報 次子", GlobalRole.ClientStaff, _world.DeptA, mfa: true);

        foreach (var user in new[] { _world.ResponsibleX, _world.WorkerX, _world.Auditor, _world.Admin, colleague })
        {
            using var client = await _world.ClientAsync(user);
            (await client.PostAsJsonAsync($"{One(a.Id)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user.Email);
            (await client.PostAsJsonAsync($"{One(a.Id)}/return", new { reason = "不可" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user.Email);
        }

        using var ownerB = await _world.ClientAsync(_world.StaffB);
        (await ownerB.PostAsJsonAsync($"{One(a.Id)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ownerB.PostAsJsonAsync($"{Url(_world.ContractB)}/{a.Id}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _factory.DbAsync(db => db.Set<Attestation>().SingleAsync(Ct))).Status.ShouldBe(AttestationStatus.Submitted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Return_WithoutAReason_Returns400NamingReason(string? reason)
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA);
        using var owner = await _world.ClientAsync(_world.StaffA);

        var response = await owner.PostAsJsonAsync($"{One(a.Id)}/return", new { reason }, Ct);

        await response.ShouldBeValidationProblemForAsync("reason");
        (await _factory.AuditEventsAsync("attestation.returned")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deciding_Twice_Returns409()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA);
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PostAsJsonAsync($"{One(a.Id)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.PostAsJsonAsync($"{One(a.Id)}/return", new { reason = "やはり差戻し" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.PostAsJsonAsync($"{One(a.Id)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.PostAsJsonAsync($"{One(a.Id + 100)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _factory.AuditEventsAsync("attestation.accepted")).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("roster.submit")]              // in the set, but proved by the roster
    [InlineData("logs.record-operations")]     // proved by the evidence ledger
    [InlineData("no.such-key")]
    [InlineData("")]
    public async Task Submit_ForAnObligationNotProvedByAttestation_Returns400NamingObligationKey(string key)
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var form = Form(key: key);
        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync("obligationKey");
    }

    [Fact]
    public async Task Submit_ForAnObligationMarkedNotApplicable_Returns400()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PutAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/obligations/{OtherKey}/applicability", new { applicable = false, reason = "端末を使わない業務" }, Ct)).EnsureSuccessStatusCode();
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);

        using var form = Form(key: OtherKey);
        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync("obligationKey");
        using var ok = Form(key: Key);
        (await responsible.PostAsync(Url(_world.ContractA), ok, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Submit_ToAContractWithoutAProvisionSet_Returns400()
    {
        await _factory.DbAsync(async db =>
        {
            db.ContractProvisionSnapshots.Remove(await db.ContractProvisionSnapshots.SingleAsync(s => s.ContractId == _world.ContractA, Ct));
            return await db.SaveChangesAsync(Ct);
        });
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var form = Form();
        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync("obligationKey");
    }

    [Fact]
    public async Task Submit_WithValidUntilBeforeValidFrom_Returns400NamingValidUntil()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var form = Form(from: "2026-10-01", until: "2026-09-30");
        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync("validUntil");

        using var sameDay = Form(from: "2026-10-01", until: "2026-10-01");
        (await responsible.PostAsync(Url(_world.ContractA), sameDay, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("statement", null)]
    [InlineData("statement", "  ")]
    [InlineData("statement", "LONG")]
    [InlineData("validFrom", null)]
    [InlineData("validFrom", "2026/04/01")]
    [InlineData("validUntil", null)]
    [InlineData("basedOnId", "abc")]
    public async Task Submit_WithAMissingOrMalformedField_Returns400NamingIt(string field, string? value)
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var form = field switch
        {
            "statement" => Form(statement: value == "LONG" ? new string('述', 4001) : value),
            "validFrom" => Form(from: value),
            "validUntil" => Form(until: value),
            _ => Form(),
        };
        if (field == "basedOnId")
        {
            form.Add(new StringContent(value!), "basedOnId");
        }

        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync(field);
    }

    [Fact]
    public async Task Submit_AsJson_Returns415ProblemDetails_NotA500()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var response = await responsible.PostAsJsonAsync(Url(_world.ContractA), new { obligationKey = Key }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Resubmit_BasedOnAnAttestationThatWasNotReturned_Returns400NamingBasedOnId()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var pending = await SubmitAsync(responsible, _world.ContractA);
        using var form = Form(basedOn: pending.Id);
        await (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).ShouldBeValidationProblemForAsync("basedOnId");

        // Returned, but for another obligation.
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PostAsJsonAsync($"{One(pending.Id)}/return", new { reason = "不足" }, Ct)).EnsureSuccessStatusCode();
        using var otherKey = Form(key: OtherKey, basedOn: pending.Id);
        await (await responsible.PostAsync(Url(_world.ContractA), otherKey, Ct)).ShouldBeValidationProblemForAsync("basedOnId");
    }

    [Fact]
    public async Task ClosedContract_RefusesSubmissionsAndDecisions_With409()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA);
        await _factory.DbAsync(async db =>
        {
            (await db.Contracts.FindAsync([_world.ContractA], Ct))!.Status = ContractStatus.Closed;
            return await db.SaveChangesAsync(Ct);
        });

        using var form = Form();
        (await responsible.PostAsync(Url(_world.ContractA), form, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PostAsJsonAsync($"{One(a.Id)}/accept", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.GetAsync(One(a.Id), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK); // still readable
    }
}
