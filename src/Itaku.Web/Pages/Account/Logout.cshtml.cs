using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Account;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ItakuUser> signIn, ItakuDbContext db, AuditTrail audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            audit.Record("auth.signout", "User", null, details: new { channel = "web" });
            await db.SaveChangesAsync();
            await signIn.SignOutAsync();
        }

        return RedirectToPage();
    }
}
