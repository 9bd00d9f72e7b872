import SynKernels

/// The closed-form rate for one neuron of an f–I sweep (Exercise 6d defaults otherwise).
public enum LIFRateKernelFactory {
    public static func make(shunt: Double, refractory: Double) throws(InputError) -> LIFRateKernel {
        try LIFRateKernel(overrides: [("g", shunt), ("t_ref", refractory)])
    }
}
