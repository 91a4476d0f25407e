using System.Text.Json.Serialization;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// An enum in JSON is one of its names and nothing else: a number (<c>99</c>, <c>"99"</c>) or an unknown
/// name is a <see cref="System.Text.Json.JsonException"/>, which the API answers with a 400 naming the field.
/// The framework's converter accepts numbers by default, so a role of 99 would be stored as is.
/// </summary>
public sealed class EnumNames<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
