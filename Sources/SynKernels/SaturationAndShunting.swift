/// The closed-form results of the second seed's Exercises 4 and 5 for a conductance LIF with
/// constant inputs (u_rest = 0 and, for shunting, E_i = u_rest = 0). Conductances in nS,
/// potentials in mV. Each exact form is paired with the seed's limiting approximation.
public enum SaturationAndShunting {
    /// Exercise 4b: u∞ = g_syn·E_syn/(g_syn + g_m) (exact, u_rest = I_e = 0).
    public static func saturatedSteadyState(gSyn: Double, eSyn: Double, gM: Double) -> Double {
        gSyn * eSyn / (gSyn + gM)
    }

    /// Exercise 4c: u ≈ g_syn·E_syn/g_m for g_syn ≪ g_m (the synapse acts as a current source).
    public static func smallInputApproximation(gSyn: Double, eSyn: Double, gM: Double) -> Double {
        gSyn * eSyn / gM
    }

    /// Exercise 4d: u → E_syn for g_syn ≫ g_m (saturation at the reversal potential).
    public static func largeInputLimit(eSyn: Double) -> Double { eSyn }

    /// Exercise 5b: u∞ = g_e·E_e/G_in with G_in = g_i + g_e + g_m (exact, E_i = u_rest = 0).
    public static func shuntedSteadyState(gE: Double, eE: Double, gI: Double, gM: Double) -> Double {
        gE * eE / (gI + gE + gM)
    }

    /// Exercise 5c: u∞ ≈ g_e·E_e/g_i for g_i ≫ g_e + g_m (division by the shunt).
    public static func strongShuntApproximation(gE: Double, eE: Double, gI: Double) -> Double {
        gE * eE / gI
    }
}
