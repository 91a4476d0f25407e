using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// Japanese for every validation message a form might otherwise show in English: the attribute a
/// non-nullable property gets implicitly ("The ConfirmPassword field is required."), attributes written
/// without a message, and model binding's own messages. A message written on the attribute wins.
/// Messages name no field: the error is shown next to its field's label.
/// </summary>
public sealed class JapaneseValidationMessages : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (!string.IsNullOrEmpty(attribute.ErrorMessage) || attribute.ErrorMessageResourceName is not null)
            {
                continue;
            }

            attribute.ErrorMessage = attribute switch
            {
                RequiredAttribute => "入力してください。",
                StringLengthAttribute { MinimumLength: > 0 } => "{2}文字以上{1}文字以内で入力してください。",
                StringLengthAttribute => "{1}文字以内で入力してください。",
                MaxLengthAttribute => "{1}文字以内で入力してください。",
                EmailAddressAttribute => "メールアドレスの形式が正しくありません。",
                RangeAttribute => "{1}から{2}までの値を入力してください。",
                CompareAttribute => "確認用の入力が一致しません。",
                _ => "入力内容が正しくありません。",
            };
        }
    }

    public static void Configure(MvcOptions o)
    {
        o.ModelMetadataDetailsProviders.Add(new JapaneseValidationMessages());
        var m = o.ModelBindingMessageProvider;
        m.SetValueMustNotBeNullAccessor(_ => "入力してください。");
        m.SetMissingBindRequiredValueAccessor(_ => "入力してください。");
        m.SetMissingKeyOrValueAccessor(() => "入力してください。");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "入力してください。");
        m.SetAttemptedValueIsInvalidAccessor((_, _) => "入力内容が正しくありません。");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "入力内容が正しくありません。");
        m.SetUnknownValueIsInvalidAccessor(_ => "入力内容が正しくありません。");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "入力内容が正しくありません。");
        m.SetValueIsInvalidAccessor(_ => "入力内容が正しくありません。");
        m.SetValueMustBeANumberAccessor(_ => "数値を入力してください。");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "数値を入力してください。");
    }
}
