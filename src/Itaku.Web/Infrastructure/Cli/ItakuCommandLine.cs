using System.CommandLine;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Cli;

/// <summary>
/// The <c>itaku</c> command: <c>serve</c> (the default), <c>admin create-user</c>, <c>db migrate</c>,
/// <c>db script</c>. Every verb runs against the database the configuration names.
/// </summary>
public static class ItakuCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Itaku — 情報セキュリティ特記事項の運用と証跡 / information-security provisions, run and proven")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var serve = new Command("serve", "Web サーバーを起動します（既定の動作）。 Start the web server (default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, _) => ServeAsync([.. result.UnmatchedTokens]));
        root.SetAction((result, _) => ServeAsync([.. result.UnmatchedTokens]));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(AdminCommand());
        root.Subcommands.Add(DbCommand());
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        try
        {
            var app = ItakuApp.Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (SchemaDriftException e)
        {
            await Console.Error.WriteLineAsync("Itaku を起動できません / Itaku cannot start:\n" + e.Message);
            return 1;
        }
    }

    private static Command AdminCommand()
    {
        var email = new Option<string>("--email") { Description = "メールアドレス / e-mail", Required = true };
        var name = new Option<string>("--name") { Description = "氏名 / display name", Required = true };
        var role = new Option<GlobalRole>("--role") { Description = "SystemAdmin | ClientStaff | Auditor | ContractorStaff", Required = true };
        var organization = new Option<string>("--organization") { Description = "組織の ID または名称（発注者側で未登録なら団体として作成）/ organisation id or name", Required = true };
        var createUser = new Command("create-user", "ユーザーを作成します。パスワードは標準入力から読みます。 Create a user; the password is read from standard input.")
        {
            email, name, role, organization,
        };
        createUser.SetAction(async (result, ct) =>
        {
            var password = ReadPassword();
            await using var app = ItakuApp.Build([]);
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            try
            {
                await DatabaseStartup.PrepareAsync(sp, ct);
                var globalRole = result.GetValue(role);

                // One transaction: a refused password must not leave a new, empty organisation behind.
                var user = await sp.GetRequiredService<ItakuDbContext>().InTransactionAsync(async () =>
                {
                    var orgId = await ResolveOrganizationAsync(sp, result.GetValue(organization)!, globalRole, ct);
                    return await sp.GetRequiredService<UserService>().CreateAsync(
                        new CreateUserRequest(result.GetValue(email), result.GetValue(name), globalRole, orgId, password), ct);
                }, ct);
                Console.WriteLine($"作成しました / created: {user.Email} ({user.Role}) id={user.Id} organization={user.OrganizationId}");
                if (globalRole.RequiresMfa())
                {
                    Console.WriteLine("最初のサインインで二要素認証（TOTP）の登録が必要です / TOTP enrolment is required at first sign-in.");
                }

                return 0;
            }
            catch (RequestValidationException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                }

                return 2;
            }
            catch (SchemaDriftException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return new Command("admin", "管理コマンド / administration") { createUser };
    }

    private static Command DbCommand()
    {
        var migrate = new Command("migrate", "スキーマを最新にします。 Apply pending schema scripts.");
        migrate.SetAction(async (_, ct) =>
        {
            await using var app = ItakuApp.Build([]);
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                var applied = await DatabaseStartup.PrepareAsync(scope.ServiceProvider, ct);
                Console.WriteLine(applied == 0 ? "スキーマは最新です / schema is up to date." : $"{applied} 件のスクリプトを適用しました / applied {applied} script(s).");
                return 0;
            }
            catch (SchemaDriftException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        var script = new Command("script", "EF モデルから CREATE 文を出力します（新しいスクリプトを書くときの参考）。 Print the EF model's CREATE script.");
        script.SetAction(async (_, _) =>
        {
            await using var app = ItakuApp.Build([]);
            await using var scope = app.Services.CreateAsyncScope();
            Console.WriteLine(scope.ServiceProvider.GetRequiredService<ItakuDbContext>().Database.GenerateCreateScript());
            return 0;
        });
        return new Command("db", "データベース / database") { migrate, script };
    }

    /// <summary>An id, or the name of an organisation; a client body is created for a client-side user if none has that name.</summary>
    private static async Task<long> ResolveOrganizationAsync(IServiceProvider sp, string value, GlobalRole role, CancellationToken ct)
    {
        var db = sp.GetRequiredService<ItakuDbContext>();
        if (long.TryParse(value, out var id))
        {
            return id;
        }

        var existing = await db.Organizations.Where(o => o.Name == value).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing.Value;
        }

        if (!role.IsClientSide())
        {
            throw new RequestValidationException("organization", $"組織 '{value}' がありません。先に受託者の組織を作成してください。");
        }

        var created = await sp.GetRequiredService<OrganizationService>().CreateAsync(
            new CreateOrganizationRequest(OrganizationKind.ClientBody, value, null, null, null), ct);
        Console.WriteLine($"団体を作成しました / created client body: {created.Name} id={created.Id}");
        return created.Id;
    }

    private static string ReadPassword()
    {
        if (!Console.IsInputRedirected)
        {
            Console.Write("パスワード / password: ");
            var chars = new List<char>();
            while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
            {
                if (key.Key == ConsoleKey.Backspace && chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    chars.Add(key.KeyChar);
                }
            }

            Console.WriteLine();
            return new string([.. chars]);
        }

        return Console.In.ReadLine() ?? "";
    }
}
