using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Account;

public sealed class PasswordModel(UserManager<ItakuUser> users, SignInManager<ItakuUser> signIn, PasswordService passwords) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public bool Saved { get; private set; }

    public void OnGet(bool saved) => Saved = saved;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await passwords.ChangeAsync(user, Input.CurrentPassword, Input.NewPassword, ct);
            await signIn.RefreshSignInAsync(user);
            return RedirectToPage(new { saved = true });
        }
        catch (RequestValidationException e)
        {
            ModelState.AddErrors(e);
            return Page();
        }
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "現在のパスワードを入力してください。"), StringLength(256)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "新しいパスワードを入力してください。"), StringLength(256)]
        public string NewPassword { get; set; } = "";
    }
}
