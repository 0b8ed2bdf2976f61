// Prints Weka's NaiveBayes class distributions at full precision (Java's
// Double.toString), one test row per line: java WekaNB TRAIN.arff [TEST.arff]
// (the class is the last attribute; TEST defaults to TRAIN). Used by
// make_weka.sh.
import weka.core.Instances;
import weka.classifiers.bayes.NaiveBayes;
import java.io.BufferedReader;
import java.io.FileReader;

public class WekaNB {
    static Instances read(String path) throws Exception {
        Instances d = new Instances(new BufferedReader(new FileReader(path)));
        d.setClassIndex(d.numAttributes() - 1);
        return d;
    }

    public static void main(String[] args) throws Exception {
        Instances train = read(args[0]);
        Instances test = args.length > 1 ? read(args[1]) : train;
        NaiveBayes nb = new NaiveBayes();
        nb.buildClassifier(train);
        for (int i = 0; i < test.numInstances(); i++) {
            double[] p = nb.distributionForInstance(test.instance(i));
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < p.length; j++)
                s.append(j > 0 ? " " : "").append(Double.toString(p[j]));
            System.out.println(s);
        }
    }
}
