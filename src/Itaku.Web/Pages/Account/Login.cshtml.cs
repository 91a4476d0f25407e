using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<ItakuUser> signIn, ItakuDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The failure counter and the audit event commit together.
        var result = await db.InTransactionAsync(async () =>
        {
            var r = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
            var action = r.Succeeded ? "auth.signin" : r.RequiresTwoFactor ? "auth.signin-password-ok" : "auth.signin-failed";
            var user = await signIn.UserManager.FindByEmailAsync(Input.Email.Trim());
            audit.Record(action, "User", user?.Id.ToString(), details: new { channel = "web", lockedOut = r.IsLockedOut, knownUser = user is not null },
                actor: Input.Email.Trim(), actorId: user?.Id);
            await db.SaveChangesAsync();
            return r;
        });

        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { returnUrl });
        }

        ModelState.AddModelError("", result.IsLockedOut
            ? l["アカウントはロックされています。15分ほど待ってから、もう一度お試しください。"]
            : l["メールアドレスまたはパスワードが正しくありません。"]);
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [StringLength(256)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(256)]
        public string Password { get; set; } = "";
    }
}
