using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Features.Accounts;

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tokens", Issue).AllowAnonymous().WithTags("Authentication");
        return api;
    }

    /// <summary>
    /// Exchanges e-mail, password and (once enrolled) a TOTP code for a short-lived bearer token.
    /// A user who must enrol MFA gets a token that only works on /api/v1/me/mfa/*.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Issue(
        TokenRequest request, SignInService signIn, TokenService tokens, ItakuDbContext db)
    {
        var (outcome, user) = await signIn.CheckAsync(request.Email!, request.Password!, request.TotpCode);
        switch (outcome)
        {
            case SignInOutcome.LockedOut:
                return Unauthorized("アカウントはロックされています。しばらく待ってから、もう一度お試しください。");
            case SignInOutcome.TotpRequired:
                return Unauthorized("二要素認証の確認コード（totpCode）が必要です。");
            case SignInOutcome.Failed:
                return Unauthorized("メールアドレス、パスワードまたは確認コードが正しくありません。");
        }

        var pending = user!.Role.RequiresMfa() && !user.TwoFactorEnabled;
        var issued = tokens.IssueSession(user, pending);
        await db.SaveChangesAsync();
        return TypedResults.Ok(new TokenResponse(issued.Plaintext, issued.Entity.ExpiresAt, pending));
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = 401, Title = "認証できませんでした。", Detail = detail });
}
