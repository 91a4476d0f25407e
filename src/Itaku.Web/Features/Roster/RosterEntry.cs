using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Roster;

/// <summary>A person's part in the work, as named by G4 and S3(2)①.</summary>
[JsonConverter(typeof(EnumNames<RosterRole>))]
public enum RosterRole
{
    /// <summary>責任者.</summary>
    Responsible,
    /// <summary>監督者.</summary>
    Supervisor,
    /// <summary>作業者.</summary>
    Worker,
    /// <summary>その他.</summary>
    Other,
}

/// <summary>
/// One person on a roster version. Name and contact details are personal information and are stored
/// only as ciphertext (<see cref="Infrastructure.Crypto.AtRestCipher"/>); what the person does, where,
/// and whether they handle personal information or media stays plain so that lists, the compliance
/// matrix and the change between versions can be shown without decrypting anyone's name.
/// </summary>
public sealed class RosterEntry
{
    public long Id { get; set; }
    public long RosterVersionId { get; set; }

    /// <summary>Order on the roster (0-based).</summary>
    public int Position { get; set; }

    /// <summary>
    /// The person's identity across versions: a draft copied from the previous version keeps each key,
    /// so the change between versions pairs people without comparing (encrypted) names.
    /// </summary>
    public Guid PersonKey { get; set; }

    /// <summary>Ciphertext of the name.</summary>
    public string NameCipher { get; set; } = "";

    /// <summary>Ciphertext of the contact details (phone, e-mail), or null when none were given.</summary>
    public string? ContactCipher { get; set; }

    public RosterRole Role { get; set; }
    public string Responsibilities { get; set; } = "";
    public string WorkScope { get; set; } = "";
    public string WorkLocation { get; set; } = "";
    public bool HandlesPersonalInformation { get; set; }

    /// <summary>Hands over or receives media (S3(2)②: 媒体の授受).</summary>
    public bool HandlesMedia { get; set; }
}

/// <summary>An emergency contact of the contractor (S3(2)③); name and phone encrypted.</summary>
public sealed class RosterEmergencyContact
{
    public long Id { get; set; }
    public long RosterVersionId { get; set; }
    public int Position { get; set; }
    public Guid PersonKey { get; set; }
    public string NameCipher { get; set; } = "";
    public string PhoneCipher { get; set; } = "";

    /// <summary>e.g. 責任者, 夜間当番.</summary>
    public string Role { get; set; } = "";

    /// <summary>When they can be reached, e.g. 平日 9:00–18:00.</summary>
    public string Hours { get; set; } = "";
}
