using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages.Users;

[Authorize(Policy = Policies.ClientStaff)]
public sealed class IndexModel(UserService users, OrganizationService organizations) : PageModel
{
    [BindProperty]
    public UserInput Input { get; set; } = new();

    public IReadOnlyList<UserDto> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public Dictionary<long, string> Organizations { get; private set; } = [];
    public bool CanCreate => User.IsInRole(nameof(GlobalRole.SystemAdmin));

    public async Task OnGetAsync(string? cursor, CancellationToken ct) => await LoadAsync(cursor, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanCreate)
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            try
            {
                await users.CreateAsync(new CreateUserRequest(Input.Email, Input.DisplayName, Input.Role, Input.OrganizationId, Input.Password), ct);
                return RedirectToPage();
            }
            catch (RequestValidationException e)
            {
                ModelState.AddErrors(e);
            }
        }

        await LoadAsync(null, ct);
        return Page();
    }

    private async Task LoadAsync(string? cursor, CancellationToken ct)
    {
        var page = await users.ListAsync(null, cursor, Cursor.MaxLimit, ct);
        Items = page.Items;
        NextCursor = page.NextCursor;
        Organizations = await organizations.Visible().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public sealed class UserInput
    {
        [Required(ErrorMessage = "氏名を入力してください。"), StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "メールアドレスを入力してください。"), EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。"), StringLength(256)]
        public string Email { get; set; } = "";

        public GlobalRole Role { get; set; } = GlobalRole.ContractorStaff;

        [Required(ErrorMessage = "所属組織を指定してください。")]
        public long? OrganizationId { get; set; }

        [Required(ErrorMessage = "パスワードを入力してください。"), StringLength(256)]
        public string Password { get; set; } = "";
    }
}
