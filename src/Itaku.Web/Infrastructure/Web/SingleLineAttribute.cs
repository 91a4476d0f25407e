using System.ComponentModel.DataAnnotations;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// A single-line field (a title, a name, a number): no line breaks, tabs or other control characters.
/// Such a value ends up in e-mail subjects, letters, CSV rows and log lines, where a CR/LF breaks the
/// format (a request title with a line break once made the client's notification e-mail fail).
/// DTO properties carry the attribute; services validating by hand call <see cref="IsSingleLine"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class SingleLineAttribute : ValidationAttribute
{
    public const string Message = "改行や制御文字は使えません。1行で入力してください。";

    public SingleLineAttribute() : base(Message)
    {
    }

    public override bool IsValid(object? value) => value is not string s || IsSingleLine(s);

    public static bool IsSingleLine(string value) =>
        !value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085');
}
