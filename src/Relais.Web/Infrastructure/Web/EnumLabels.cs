using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Relais.Infrastructure.Web;

public static class EnumLabels
{
    /// <summary>The French label of an enum value, from its [Display(Name)].</summary>
    public static string Label<T>(this T value) where T : struct, Enum =>
        Labels<T>.ByValue.TryGetValue(value, out var label) ? label : value.ToString();

    public static IEnumerable<(T Value, string Label)> All<T>() where T : struct, Enum => Labels<T>.InOrder;

    /// <summary>Read once per enum type by reflection: pages ask for labels many times per request (lists, selects).</summary>
    private static class Labels<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().Distinct()
            .ToDictionary(v => v, v => typeof(T).GetField(v.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? v.ToString());

        public static readonly (T Value, string Label)[] InOrder = Enum.GetValues<T>().Select(v => (v, ByValue[v])).ToArray();
    }
}
