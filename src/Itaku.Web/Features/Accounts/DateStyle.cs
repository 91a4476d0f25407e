using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Accounts;

/// <summary>How a user wants dates shown: 2026年11月22日 or 令和8年11月22日.</summary>
[JsonConverter(typeof(EnumNames<DateStyle>))]
public enum DateStyle
{
    Gregorian,
    Japanese,
}
