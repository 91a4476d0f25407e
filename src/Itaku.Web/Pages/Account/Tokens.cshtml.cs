using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Account;

/// <summary>Personal access tokens: created and revoked here, by their owner only.</summary>
public sealed class TokensModel(TokenService tokens, CurrentUser current, TimeProvider time) : PageModel
{
    [BindProperty]
    public TokenInput Input { get; set; } = new();

    public List<ApiToken> Tokens { get; private set; } = [];
    public string? NewToken { get; private set; }
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync(CancellationToken ct) => Tokens = await tokens.ListPersonalAsync(current.Id, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                NewToken = (await tokens.CreatePersonalAsync(current.Id, Input.Name, Input.Days, ct)).Plaintext;
                Input = new TokenInput();
                ModelState.Clear();
            }
            catch (RequestValidationException e)
            {
                ModelState.AddErrors(e);
            }
        }

        Tokens = await tokens.ListPersonalAsync(current.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        await tokens.RevokeAsync(current.Id, id, ct);
        return RedirectToPage();
    }

    public sealed class TokenInput
    {
        [Required(ErrorMessage = "名前を入力してください。")]
        [StringLength(100, ErrorMessage = "名前は100文字以内で入力してください。")]
        public string Name { get; set; } = "";

        [Range(1, 365, ErrorMessage = "有効日数は1から365の間で指定してください。")]
        public int Days { get; set; } = 90;
    }
}
