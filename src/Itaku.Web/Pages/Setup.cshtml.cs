using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Setup;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages;

/// <summary>First-run: reachable only with the one-time token printed at start-up, and only while no user exists.</summary>
[AllowAnonymous]
public sealed class SetupModel(SetupState setup, ItakuDbContext db, OrganizationService organizations, UserService users, SignInManager<ItakuUser> signIn) : PageModel
{
    [BindProperty]
    public SetupInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Set-up is done: the link was used. Says so (with 410 Gone) instead of an unexplained 404.</summary>
    public bool Used { get; private set; }

    public IActionResult OnGet()
    {
        if (setup.Verify(Token))
        {
            return Page();
        }

        if (setup.IsOpen || string.IsNullOrEmpty(Token))
        {
            return NotFound(); // a wrong token while set-up is open learns nothing
        }

        Used = true;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!setup.Verify(Token))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var admin = await db.InTransactionAsync(async () =>
            {
                if (await db.Users.AnyAsync(ct))
                {
                    throw new ConflictException("set-up is already done");
                }

                var org = await organizations.CreateAsync(new CreateOrganizationRequest(OrganizationKind.ClientBody, Input.OrganizationName, null, null, null), ct);
                return await users.CreateAsync(new CreateUserRequest(Input.Email, Input.DisplayName, GlobalRole.SystemAdmin, org.Id, Input.Password), ct);
            }, ct);

            setup.TryClose(Token!);
            var user = await signIn.UserManager.FindByIdAsync(admin.Id.ToString());
            await signIn.SignInAsync(user!, isPersistent: false);
            return Redirect("/Account/Mfa");
        }
        catch (RequestValidationException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddErrors(e);
            return Page();
        }
        catch (ConflictException)
        {
            return NotFound();
        }
    }

    public sealed class SetupInput
    {
        [Required(ErrorMessage = "団体名を入力してください。"), StringLength(200, ErrorMessage = "団体名は200文字以内で入力してください。")]
        public string OrganizationName { get; set; } = "";

        [Required(ErrorMessage = "氏名を入力してください。"), StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "メールアドレスを入力してください。"), EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。"), StringLength(256, ErrorMessage = "メールアドレスは256文字以内で入力してください。")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "パスワードを入力してください。"), StringLength(256, ErrorMessage = "パスワードは256文字以内で入力してください。")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "確認用のパスワードを入力してください。"), Compare(nameof(Password), ErrorMessage = "確認用のパスワードが一致しません。")]
        public string ConfirmPassword { get; set; } = "";
    }
}
