using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Itaku.Web.Pages.Account;

/// <summary>TOTP enrolment. Reachable while MFA is pending: it is the only page such a user can use.</summary>
[Authorize(Policy = Policies.MfaEnrolment)]
public sealed class MfaModel(UserManager<ItakuUser> users, SignInManager<ItakuUser> signIn, MfaService mfa, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public string SharedKey { get; private set; } = "";
    public string FormattedKey { get; private set; } = "";
    public string QrCode { get; private set; } = "";
    public bool Required { get; private set; }
    public bool AlreadyEnabled { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var codes = await mfa.ConfirmAsync(user, Input.Code);
        if (codes is null)
        {
            ModelState.AddModelError("Input.Code", l["確認コードが正しくありません。認証アプリの現在のコードを入力してください。"]);
            await LoadAsync(user);
            return Page();
        }

        // New claims without the pending mark; the session continues.
        await signIn.RefreshSignInAsync(user);
        RecoveryCodes = codes;
        return Page();
    }

    private async Task LoadAsync(ItakuUser user)
    {
        AlreadyEnabled = user.TwoFactorEnabled;
        Required = user.Role.RequiresMfa();
        if (AlreadyEnabled)
        {
            return;
        }

        var enrolment = await mfa.BeginAsync(user);
        SharedKey = enrolment.SharedKey;
        FormattedKey = enrolment.FormattedKey;
        QrCode = MfaService.QrDataUri(enrolment.OtpauthUri);
    }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "確認コードを入力してください。")]
        [StringLength(16)]
        public string Code { get; set; } = "";
    }
}
