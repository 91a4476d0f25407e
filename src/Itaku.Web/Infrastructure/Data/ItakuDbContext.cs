using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Data;

/// <summary>
/// The one model, over SQLite or PostgreSQL. The schema itself comes from the SQL scripts in
/// Migrations/; <c>SchemaMatchesModelTests</c> keeps the two in step.
/// </summary>
public sealed class ItakuDbContext(DbContextOptions<ItakuDbContext> options) : IdentityUserContext<ItakuUser, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractMember> ContractMembers => Set<ContractMember>();
    public DbSet<ContractWorkLocation> ContractWorkLocations => Set<ContractWorkLocation>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ItakuDbContext).Assembly);
    }
}
