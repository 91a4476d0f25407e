using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Features.Notices;
using Itaku.Web.Features.Requests;
using Itaku.Web.Features.Roster;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Data;

/// <summary>
/// The one model, over SQLite or PostgreSQL. The schema itself comes from the SQL scripts in
/// Migrations/; <c>SchemaMatchesModelTests</c> keeps the two in step.
/// </summary>
public sealed class ItakuDbContext(DbContextOptions<ItakuDbContext> options, AuditLedger? auditLedger = null)
    : IdentityUserContext<ItakuUser, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractMember> ContractMembers => Set<ContractMember>();
    public DbSet<ContractWorkLocation> ContractWorkLocations => Set<ContractWorkLocation>();
    public DbSet<ContractSubcontractor> ContractSubcontractors => Set<ContractSubcontractor>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ProvisionSet> ProvisionSets => Set<ProvisionSet>();
    public DbSet<ContractProvisionSnapshot> ContractProvisionSnapshots => Set<ContractProvisionSnapshot>();
    public DbSet<NotApplicableObligation> NotApplicableObligations => Set<NotApplicableObligation>();
    public DbSet<LedgerLog> LedgerLogs => Set<LedgerLog>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<LedgerTile> LedgerTiles => Set<LedgerTile>();
    public DbSet<LedgerCheckpoint> LedgerCheckpoints => Set<LedgerCheckpoint>();
    public DbSet<LogSource> LogSources => Set<LogSource>();
    public DbSet<Request> Requests => Set<Request>();
    public DbSet<RequestRevision> RequestRevisions => Set<RequestRevision>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<RosterVersion> RosterVersions => Set<RosterVersion>();
    public DbSet<RosterEntry> RosterEntries => Set<RosterEntry>();
    public DbSet<RosterEmergencyContact> RosterEmergencyContacts => Set<RosterEmergencyContact>();

    /// <summary>
    /// Every save that inserts audit events appends them to the audit log of the evidence ledger in the
    /// same transaction — including saves made inside ASP.NET Identity (failed sign-ins, lockouts).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SaveWithLedgerAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException e) when (!e.Entries.Any(x => x.Entity is ItakuUser || x.Metadata.ClrType.Namespace == typeof(IdentityUserToken<Guid>).Namespace))
        {
            // A transition's starting state is a concurrency token (Request.Status, RosterVersion.Status,
            // Notice.AcknowledgedAt, Contract.Status): the UPDATE found the state already changed by a racing
            // request, so this one is refused whole — its document, notification and audit event roll back.
            // ASP.NET Identity handles its own concurrency failures (ConcurrencyStamp) and keeps them.
            throw new ConflictException(ConflictException.StateChanged, e);
        }
    }

    private async Task<int> SaveWithLedgerAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var pending = auditLedger is null
            ? []
            : ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added && e.Entity.LedgerIndex is null).Select(e => e.Entity).ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        return await this.InTransactionAsync(async () =>
        {
            await auditLedger!.AppendAsync(this, pending, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries<AuditEvent>().Any(e => e.State == EntityState.Added)
            ? throw new InvalidOperationException("Audit events must be saved with SaveChangesAsync, which appends them to the ledger.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ItakuDbContext).Assembly);
    }
}
