using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Attestations;

/// <summary>Where an attestation stands; only Submitted moves, to Accepted or Returned, once.</summary>
[JsonConverter(typeof(EnumNames<AttestationStatus>))]
public enum AttestationStatus
{
    Submitted,
    Accepted,
    Returned,
}
