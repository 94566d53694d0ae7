using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Relais.Infrastructure.Web;

public static class EnumLabels
{
    /// <summary>The French label of an enum value, from its [Display(Name)].</summary>
    public static string Label<T>(this T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? value.ToString();

    public static IEnumerable<(T Value, string Label)> All<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (v, v.Label()));
}
