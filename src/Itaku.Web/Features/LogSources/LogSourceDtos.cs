using Itaku.Web.Infrastructure.Web;
using System.ComponentModel.DataAnnotations;

namespace Itaku.Web.Features.LogSources;

public sealed record LogSourceDto(long Id, long ContractId, long LogId, string Name, DateTime CreatedAt, bool Revoked, long Entries, long ClockSkewed, bool Disabled = false);

public sealed record CreateLogSourceRequest(
    [property: Required(ErrorMessage = "名称を入力してください。"), StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。"), SingleLine] string? Name);

/// <summary>Returned once, at creation: the token is never shown again.</summary>
public sealed record CreatedLogSourceDto(LogSourceDto Source, string IngestToken);

public sealed record IngestResult(int Accepted, long FirstIndex, long LastIndex, int ClockSkewed);

/// <summary>A new ingest token for an existing source: returned once, the old token stops working at once.</summary>
public sealed record RotatedTokenDto(long SourceId, string IngestToken);
