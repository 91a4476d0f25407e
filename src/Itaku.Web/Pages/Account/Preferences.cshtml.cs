using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Account;

public sealed class PreferencesModel(UserManager<ItakuUser> users, SignInManager<ItakuUser> signIn, ItakuDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    public DateStyle DateStyle { get; set; }

    public bool Saved { get; private set; }

    public DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(bool saved)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DateStyle = user.DateStyle;
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!Enum.IsDefined(DateStyle))
        {
            return BadRequest();
        }

        user.DateStyle = DateStyle;
        audit.Record("user.preferences-changed", "User", user.Id.ToString(), details: new { dateStyle = DateStyle });
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { saved = true });
    }
}
