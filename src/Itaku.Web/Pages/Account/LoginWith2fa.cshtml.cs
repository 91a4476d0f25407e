using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Itaku.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginWith2faModel(SignInManager<ItakuUser> signIn, ItakuDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("./Login");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await db.InTransactionAsync(async () =>
        {
            // Six digits is a TOTP code; anything else is tried as a recovery code.
            var r = code.Length == 6 && code.All(char.IsAsciiDigit)
                ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
                : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
            audit.Record(r.Succeeded ? "auth.signin" : "auth.signin-failed", "User", user.Id.ToString(),
                details: new { channel = "web", factor = code.Length == 6 ? "totp" : "recovery-code", lockedOut = r.IsLockedOut }, actor: user.Email, actorId: user.Id);
            await db.SaveChangesAsync();
            return r;
        });

        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }

        ModelState.AddModelError("Input.Code", result.IsLockedOut
            ? l["アカウントはロックされています。15分ほど待ってから、もう一度お試しください。"]
            : l["確認コードが正しくありません。"]);
        return Page();
    }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "確認コードを入力してください。")]
        [StringLength(32)]
        public string Code { get; set; } = "";
    }
}
