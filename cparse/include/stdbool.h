/* stdbool.h - vep hermetic header: C99 bool, true and false. */
#ifndef _VEP_STDBOOL_H
#define _VEP_STDBOOL_H

#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1

#endif /* _VEP_STDBOOL_H */
